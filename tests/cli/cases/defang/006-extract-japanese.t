--extract on Japanese prose, with an indicator already defanged in full-width form.
--- args
defang --extract
--- stdin
感染端末は 45.142.212.61 と通信し、ｈｘｘｐ://invoice-checker［.］top/dl/ から取得しました。
--- stdout
感染端末は 45.142.212[.]61 と通信し、hxxp[:]//invoice-checker[.]top/dl/ から取得しました。
