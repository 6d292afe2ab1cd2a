After --, an argument that starts with a dash is a file name.
--- files
+++ -odd.txt
hxxp://evil-cdn[.]update-sync[.]top/
--- args
refang -- -odd.txt
--- stdout
http://evil-cdn.update-sync.top/
