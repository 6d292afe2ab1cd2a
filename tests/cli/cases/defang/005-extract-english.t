--extract: indicators in free text are defanged in place, the rest kept.
--- args
defang --extract
--- stdin
The loader calls https://fastparcel-track.xyz/api and 91.215.85.47 (see CVE-2024-21887).
Hash 78cba6338e154341b0c3a1216b98bb64 stays as written.
--- stdout
The loader calls hxxps[:]//fastparcel-track[.]xyz/api and 91.215.85[.]47 (see CVE-2024-21887).
Hash 78cba6338e154341b0c3a1216b98bb64 stays as written.
