package audit

import "govaudit/internal/filetext"

// extractText reads an attachment's text (docx, xlsx, pptx, csv, txt).
func extractText(ext string, data []byte, max int) (string, bool) {
	return filetext.Extract(ext, data, max)
}
