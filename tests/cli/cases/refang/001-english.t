English report lines: schemes, bracketed dots, e-mail, other styles.
--- args
refang
--- stdin
C2: hxxps://update-cdn-sync[.]ru/gate.php and 185.163.45[.]119
Mail from invoices[@]cargo-clearance-desk[.]top, stage 2 at hXXp[:]//fastparcel-track(.)xyz/api
Also seen: lantern-watch[dot]org
--- stdout
C2: https://update-cdn-sync.ru/gate.php and 185.163.45.119
Mail from invoices@cargo-clearance-desk.top, stage 2 at http://fastparcel-track.xyz/api
Also seen: lantern-watch.org
