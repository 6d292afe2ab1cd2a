Text without defanging passes byte for byte, even without a final newline.
--- args
refang
--- stdin
plain text, version 1.0.2, 日本語の文章。
no newline at the end
--- stdout
plain text, version 1.0.2, 日本語の文章。
no newline at the end
