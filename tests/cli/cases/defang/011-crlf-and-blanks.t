Line ends (CRLF included) and the blanks around a value are kept.
--- args
defang
--- stdin
	evil-cdn.update-sync.top  
45.77.12.34

--- stdout
	evil-cdn.update-sync[.]top  
45.77.12[.]34

