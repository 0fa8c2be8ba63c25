# SPDX-License-Identifier: GPL-2.0
# bash completion for drm-dbg(1)

_drm_dbg_categories="core driver kms prime atomic vbl state lease dp drmres all none"

# The modules with class'd DRM callsites (the control file is root only:
# without root, the loaded modules that depend on drm).
_drm_dbg_modules()
{
	local m
	m=$(awk '$NF ~ /^class:DRM_UT_/ { m = $2; sub(/^\[/, "", m); sub(/\].*/, "", m); print m }' \
		/proc/dynamic_debug/control 2>/dev/null | sort -u)
	[ -n "$m" ] || m=$(awk '$1 == "drm" { print $1; n = split($4, d, ","); for (i = 1; i <= n; i++) if (d[i] != "-" && d[i] != "") print d[i] }' /proc/modules 2>/dev/null)
	echo "$m"
}

# Complete a category SPEC word, keeping a leading + or -, after a comma too.
_drm_dbg_spec()
{
	local cur=$1 head="" sign=""
	if [[ $cur == *,* ]]; then
		head=${cur%,*},
		cur=${cur##*,}
	fi
	if [[ $cur == [+-]* ]]; then
		sign=${cur:0:1}
		cur=${cur:1}
	fi
	local c
	COMPREPLY=()
	for c in $_drm_dbg_categories; do
		[[ $c == "$cur"* ]] && COMPREPLY+=("$head$sign$c")
	done
}

_drm_dbg()
{
	local cur prev words cword
	if declare -F _init_completion >/dev/null; then
		_init_completion || return
	else
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi
	local global="-j --json -p --pretty -h --help -V --version --sysfs-root --proc-root --run-root"
	local commands="status set list callsites capture bench restore reset devices help"
	local cmd="" i

	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--sysfs-root | --proc-root | --run-root) ((i++)) ;;
		-*) ;;
		*) cmd=${words[i]}; break ;;
		esac
	done

	case $prev in
	--sysfs-root | --proc-root | --run-root)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	-o | --output)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	-m | --module)
		COMPREPLY=($(compgen -W "$(_drm_dbg_modules)" -- "$cur"))
		return ;;
	-c | --categories)
		_drm_dbg_spec "$cur"
		return ;;
	-P | --pattern)
		COMPREPLY=($(compgen -W "one-write per-class per-site" -- "$cur"))
		return ;;
	--decorate)
		COMPREPLY=($(compgen -W "m f s l t mf mfl mfs mfsl fl none" -- "$cur"))
		return ;;
	-t | --time | -r | --rounds)
		return ;;
	esac

	case $cmd in
	"")
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$global" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		fi ;;
	help)
		COMPREPLY=($(compgen -W "$commands" -- "$cur")) ;;
	set)
		if [[ $cur == --* ]]; then
			COMPREPLY=($(compgen -W "--dry-run --module --decorate --json --pretty --help" -- "$cur"))
		else
			_drm_dbg_spec "$cur"
		fi ;;
	callsites)
		COMPREPLY=($(compgen -W "-c --categories -m --module -e --enabled -j -p --help" -- "$cur")) ;;
	capture)
		# after "--" or the command's name: the command's own completion
		for ((i = i + 1; i < cword; i++)); do
			case ${words[i]} in
			--) COMPREPLY=($(compgen -c -- "$cur")); return ;;
			-c | -o | -t | --categories | --output | --time) ((i++)) ;;
			-*) ;;
			*) COMPREPLY=($(compgen -f -- "$cur")); return ;;
			esac
		done
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "-c --categories -o --output -t --time -j -p --help --" -- "$cur"))
		else
			COMPREPLY=($(compgen -c -- "$cur"))
		fi ;;
	bench)
		COMPREPLY=($(compgen -W "-r --rounds -P --pattern -j -p --help" -- "$cur")) ;;
	*)
		COMPREPLY=($(compgen -W "-j --json -p --pretty --help" -- "$cur")) ;;
	esac
}
complete -F _drm_dbg drm-dbg
