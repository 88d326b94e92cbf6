#!/usr/bin/env bash
# Print the SHA-256 of every file that `kamdocs build --as-of 2026-11-23` writes for the demo
# workspace (the manifest aside), and of the internal QBR decks, built from a clean copy of the given commit (default: the
# working tree, untracked files included) with the libraries installed here. Run it before and after a change that must not alter
# outputs, and compare:
#   tools/demo_digests.sh BEFORE > before.txt; tools/demo_digests.sh > after.txt
#   diff before.txt after.txt
set -euo pipefail
rev=${1:-}
top=$(git rev-parse --show-toplevel)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if [ -n "$rev" ]; then
    git -C "$top" archive "$rev" | tar -x -C "$scratch"
else
    (cd "$top" && git ls-files -z --cached --others --exclude-standard \
        | xargs -0 -I{} sh -c '[ -e "{}" ] && echo "{}"' | tar -c -T - ) | tar -x -C "$scratch"
fi
cd "$scratch"
used=$(PYTHONPATH="$scratch" python -c 'import kamdocs; print(kamdocs.__file__)')
[ "$used" = "$scratch/kamdocs/__init__.py" ] || { echo "imported $used instead" >&2; exit 1; }
PYTHONPATH="$scratch" KAMDOCS_NO_CACHE=1 python -m kamdocs build --as-of 2026-11-23 --quiet >/dev/null
# The build writes client decks only: the internal ones are built too, beside it.
for folder in content/accounts/*/reviews; do
    slug=$(basename "$(dirname "$folder")")
    PYTHONPATH="$scratch" KAMDOCS_NO_CACHE=1 python -m kamdocs review "$slug" --audience internal \
        --as-of 2026-11-23 --out "build/internal/$slug-review-internal.pptx" >/dev/null
done
cd build
find . -type f ! -name '.kamdocs-manifest.json' | LC_ALL=C sort | xargs sha256sum
