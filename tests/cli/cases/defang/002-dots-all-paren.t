--- args
defang --dots all --brackets=paren
--- stdin
mail.cargo-clearance-desk.top
185.163.45.119
--- stdout
mail(.)cargo-clearance-desk(.)top
185(.)163(.)45(.)119
