package audit

// extractText reads an attachment's text. TEMPORARY: until internal/filetext
// lands (in progress), no attachment text is read.
func extractText(ext string, data []byte, max int) (string, bool) { return "", false }
