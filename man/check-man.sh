#!/bin/bash
# Checks the man pages of man/.
#   check-man.sh render   DIR  every page renders with no man or groff warning
#   check-man.sh coverage DIR  every public function and CLI has a page, every
#                              page has its sections, aliases and references
#                              resolve, and each function's ERRORS list the
#                              errnos man/errnos.list says it can return
# Exit 0 when all is well, 1 on a problem, 77 when man(1) is not installed.
set -uo pipefail
mode=$1
dir=$(cd "$2" && pwd)
root=$(dirname "$dir")
bad=0

fail() {
	echo "FAIL: $*"
	bad=1
}

# A page that is only ".so manN/other.N" is an alias.
so_target() {
	sed -n '1s/^\.so \(man[0-9]\/[^ ]*\)$/\1/p' "$1"
}

render() {
	local f out n=0

	command -v man >/dev/null || { echo "SKIP: man is not installed"; exit 77; }
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	for sec in 1 3 7; do
		mkdir -p "$tmp/man$sec"
		for f in "$dir"/*."$sec"; do
			[ -e "$f" ] && cp "$f" "$tmp/man$sec/"
		done
	done
	# .so requests resolve relative to the tree root, as under /usr/share/man
	cd "$tmp" || exit 1
	for f in man*/*; do
		[ -e "$f" ] || continue
		n=$((n + 1))
		out=$(LC_ALL=C.UTF-8 MANWIDTH=80 MANPAGER=cat PAGER=cat \
			man --warnings -l "$f" 2>&1 >/dev/null)
		[ -n "$out" ] && fail "$f:"$'\n'"$out"
	done
	[ "$n" -gt 0 ] || fail "no man pages in $dir"
	echo "$n pages rendered"
}

# Names a page's NAME section gives, before the "\-".
page_names() {
	awk '/^\.SH NAME/ { on = 1; next } /^\.SH/ { on = 0 } on' "$1" |
		tr '\n' ' ' | sed 's/\\-.*//' | tr ',' '\n' | tr -d ' '
}

coverage() {
	local f fn sec base target name prog want s

	# public functions: accel.h's prototypes and every symbol that a
	# library's version script exports outside its private stanzas
	{
		sed -n 's/^[a-z].*[ *]\(accel_[a-z0-9_]*\)(.*/\1/p' \
			"$root/include/accel/accel.h"
		for f in "$root"/libaccel/*.map.in "$root"/libaccel/*/*.map \
			 "$root"/providers/*/*.map; do
			[ -e "$f" ] || continue
			awk '/^[A-Za-z_][A-Za-z0-9_.@]* *\{/ { on = 1; priv = ($1 ~ /PRIVATE/) }
			     /^}/ { on = 0 }
			     on && !priv && /^[ \t]+[a-z_][a-z0-9_]*;/ {
				gsub(/[ \t;]/, ""); print }' "$f"
		done
	} | sort -u > "${TMPDIR:-/tmp}/accel-man-fns.$$"
	while read -r fn; do
		[ -e "$dir/$fn.3" ] || fail "$fn has no man page ($fn.3)"
	done < "${TMPDIR:-/tmp}/accel-man-fns.$$"
	echo "$(wc -l < "${TMPDIR:-/tmp}/accel-man-fns.$$") public functions"
	errnos
	rm -f "${TMPDIR:-/tmp}/accel-man-fns.$$"

	# every program in utils/ has a section-1 page
	for f in "$root"/utils/*.c; do
		[ -e "$f" ] || continue
		grep -q '^int main(' "$f" || continue
		prog=$(basename "$f" .c)
		[ -e "$dir/$prog.1" ] || fail "utils program $prog has no man page ($prog.1)"
	done

	for f in "$dir"/*.[137]; do
		[ -e "$f" ] || continue
		base=$(basename "$f")
		sec=${base##*.}
		target=$(so_target "$f")
		if [ -n "$target" ]; then
			[ "$(wc -l < "$f")" -eq 1 ] || fail "$base: an alias holds only its .so line"
			s=$(basename "$target")
			if [ ! -e "$dir/$s" ]; then
				fail "$base: .so target $target does not exist"
			elif [ -n "$(so_target "$dir/$s")" ]; then
				fail "$base: .so target $target is itself an alias"
			elif ! page_names "$dir/$s" | grep -qx "${base%.*}"; then
				fail "$base: $target does not name ${base%.*} in NAME"
			fi
			continue
		fi
		grep -q "^\.TH ${base%.*} $sec " "$f" || fail "$base: .TH does not match the file name"
		# whatis(1) and apropos(1) read NAME as mandb(8) does
		if command -v lexgrog >/dev/null && ! lexgrog "$f" >/dev/null 2>&1; then
			fail "$base: lexgrog cannot parse its NAME section"
		fi
		want=("NAME" "DESCRIPTION" "SEE ALSO")
		case $sec in
		1) want+=("SYNOPSIS" "OPTIONS" "EXIT STATUS") ;;
		3) want+=("SYNOPSIS" "RETURN VALUE" "ERRORS" "ATTRIBUTES") ;;
		esac
		for s in "${want[@]}"; do
			grep -q "^\.SH $s\$" "$f" || fail "$base: no $s section"
		done
		# each name in NAME has a page: this one or an alias of it
		while read -r name; do
			[ -z "$name" ] && continue
			[ -e "$dir/$name.$sec" ] || fail "$base: $name is named in NAME but $name.$sec does not exist"
		done < <(page_names "$f")
		# a section-3 page documents every function it declares
		if [ "$sec" = 3 ]; then
			while read -r fn; do
				page_names "$f" | grep -qx "$fn" ||
					fail "$base: SYNOPSIS declares $fn but NAME does not list it"
			done < <(awk '/^\.SH SYNOPSIS/ { on = 1; next } /^\.SH/ { on = 0 } on' "$f" |
				 sed -n 's/^\.BI\{0,1\} "[^"(]*[ *]\(accel_[a-z0-9_]*\)(.*/\1/p')
		fi
		# references to the project's own pages resolve
		while read -r name s; do
			[ -e "$dir/$name.$s" ] || fail "$base: refers to $name($s), which does not exist"
		done < <(sed -n 's/^\.BR \(accel_[a-z0-9_]*\|libaccel\) (\([0-9]\)).*/\1 \2/p' "$f")
	done
}

# The errnos a page lists for fn: its ERRORS section, or the part of it
# under a header naming fn (".BR fn ():", or "fn () and ... ():").
page_errnos() {
	awk -v fn="$2" '
	/^\.SH ERRORS$/ { on = 1; start = 1; next }
	/^\.SH/ { on = 0 }
	!on { next }
	/^\.BR [a-z_][a-z0-9_]* \(\):?$/ && (start || hdr != "" || prev == "and") {
		hdr = hdr " " $2
		if ($3 == "():") {
			grouped = 1
			mine = index(hdr " ", " " fn " ") > 0
			hdr = ""
		}
		prev = $0; start = 0; next
	}
	{ start = ($0 == ".PP"); prev = $0 }
	grouped && !mine { next }
	{
		n = split($0, w, /[^A-Za-z0-9_]+/)
		for (i = 1; i <= n; i++)
			if (w[i] ~ /^E[A-Z0-9]+$/)
				print w[i]
	}' "$1" | sort -u
}

# man/errnos.list: every errno each public function can return, reviewed
# against the code; each must be on the function's page.
errnos() {
	local fn list page t missing n=0

	list="$dir/errnos.list"
	[ -e "$list" ] || { fail "no $list"; return; }
	while read -r fn; do
		grep -q "^$fn:" "$list" || fail "$fn is not in errnos.list"
	done < "${TMPDIR:-/tmp}/accel-man-fns.$$"
	while IFS=: read -r fn want; do
		case $fn in ''|'#'*) continue ;; esac
		page="$dir/$fn.3"
		t=$(so_target "$page" 2>/dev/null)
		[ -n "$t" ] && page="$dir/$(basename "$t")"
		[ -e "$page" ] || { fail "errnos.list: $fn has no page"; continue; }
		missing=$(comm -23 <(tr ' ' '\n' <<< "$want" | sed '/^$/d' | sort -u) \
			<(page_errnos "$page" "$fn"))
		[ -n "$missing" ] &&
			fail "$(basename "$page"): ERRORS of $fn() does not list $(echo $missing)"
		n=$((n + 1))
	done < "$list"
	echo "$n functions' errnos checked"
}

case $mode in
render) render ;;
coverage) coverage ;;
*) echo "usage: $0 render|coverage DIR" >&2; exit 2 ;;
esac
[ "$bad" -eq 0 ] && echo "ok"
exit "$bad"
