Values already defanged (here in full-width form) are refanged, then defanged in the chosen style.
--- args
defang
--- stdin
ｈｘｘｐ://cdn-nimotsu［.］xyz/static/update.js
nimotsu-tsuiseki．shop
info［＠］nimotsu-tsuiseki．shop
--- stdout
hxxp[:]//cdn-nimotsu[.]xyz/static/update.js
nimotsu-tsuiseki[.]shop
info[@]nimotsu-tsuiseki[.]shop
