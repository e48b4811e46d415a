#!/usr/bin/env bash
# Fill fuzz/corpus/<target>/ with the project's own files (and ../shared/realworld when present),
# each target getting the files its front-end reads. Safe to run again: files are named by
# content hash, so nothing is duplicated. fuzz/corpus is git-ignored.
set -euo pipefail
fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$fuzz_dir")"
corpus="$fuzz_dir/corpus"
sources=("$root/examples" "$root/testdata")
[ -d "$root/../shared/realworld" ] && sources+=("$root/../shared/realworld")

add() { # add TARGET FILE
    mkdir -p "$corpus/$1"
    cp "$2" "$corpus/$1/$(sha1sum "$2" | cut -c1-40)"
}

for dir in "${sources[@]}"; do
    [ -d "$dir" ] || continue
    while IFS= read -r -d '' file; do
        case "$file" in
            *.tf) add terraform "$file" ;;
            *.yaml | *.yml | *.template) add cloudformation_yaml "$file" ;;
            *.json) add cloudformation_json "$file" ;;
        esac
        add redact "$file"
    done < <(find "$dir" -type f -size -256k -print0)
done
while IFS= read -r -d '' file; do
    add rule_file "$file"
done < <(find "$root/rules" -type f \( -name '*.yaml' -o -name '*.yml' \) -print0)

# Credential-shaped text for the redaction target.
mkdir -p "$corpus/redact"
printf 'access_key = "AKIAIOSFODNN7EXAMPLE"\nsecret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"\n' \
    > "$corpus/redact/seed-keys"
printf 'ASIAIOSFODNN7EXAMPLE,AKIAIOSFODNN7EXAMPLEX AKIAé AROAIOSFODNN7EXAMPLE' > "$corpus/redact/seed-mixed"

for target in terraform cloudformation_yaml cloudformation_json rule_file redact; do
    printf '%-22s %s files\n' "$target" "$(find "$corpus/$target" -type f | wc -l)"
done
