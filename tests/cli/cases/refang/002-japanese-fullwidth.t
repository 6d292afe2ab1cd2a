A Japanese CSIRT notice with full-width defanging.
--- args
refang
--- stdin
通信先: ｈｘｘｐｓ://invoice-checker［.］top/dl/payload.php
IP アドレス: ４５．１４２．２１２［.］６１、103.75.118[.]27
送信元: info［＠］nimotsu-tsuiseki．shop
--- stdout
通信先: https://invoice-checker.top/dl/payload.php
IP アドレス: 45.142.212.61、103.75.118.27
送信元: info@nimotsu-tsuiseki.shop
