Japanese text with full-width defanging.
--- args
extract -f text
--- stdin
通信先：45.76.222［.］130 と www.dvdsesso［.］com。ファイル名「会議資料_20240312.docx」
--- stdout
ipv4	45.76.222.130
domain	www.dvdsesso.com
filename	会議資料_20240312.docx
