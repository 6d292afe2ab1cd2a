--- args
defang --no-scheme --no-colon --no-at
--- stdin
http://update-cdn-sync.ru:8080/gate.php
soc@lantern-watch.org
--- stdout
http://update-cdn-sync[.]ru:8080/gate.php
soc@lantern-watch[.]org
