One value per line: indicators defanged, other lines copied unchanged.
--- args
defang
--- stdin
https://fastparcel-track.xyz/api/v2/fetch.php?id=7731
185.163.45.119
  update-cdn-sync.ru
invoices@cargo-clearance-desk.top
not an indicator

2a0e:97c0:3e0:1a5::21
--- stdout
hxxps[:]//fastparcel-track[.]xyz/api/v2/fetch.php?id=7731
185.163.45[.]119
  update-cdn-sync[.]ru
invoices[@]cargo-clearance-desk[.]top
not an indicator

2a0e:97c0:3e0:1a5::21
