package filetext

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"govaudit/internal/filetype"
)

// scanPDF is a page drawing one image, as a scanner writes it: no font.
func scanPDF() []byte {
	img := strings.Repeat("\xff\xd8\x23\x46\x6f\x6e\x74\x2f", 512) // binary bytes, "#Font/" among them
	return filetype.AssemblePDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
		"<< /Length 30 >>\nstream\nq 595 0 0 842 0 0 cm /Im1 Do Q\nendstream",
		fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n%s\nendstream", len(img), img),
	}, "")
}

// textPDF writes "Hello scan" in Helvetica, its font resource named as fontKey
// writes the name /Font.
func textPDF(fontKey string) []byte {
	content := "BT /F1 12 Tf 72 720 Td (Hello scan) Tj ET"
	return filetype.AssemblePDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << " + fontKey + " << /F1 5 0 R >> >> /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}, "")
}

func TestMayHoldText(t *testing.T) {
	scan := scanPDF()
	for _, tc := range []struct {
		name string
		data []byte
		want bool
	}{
		{"scan", scan, false},
		{"font", textPDF("/Font"), true},
		{"font name escaped", textPDF("/F#6fnt"), true},
		{"font name all escaped", textPDF("/#46#6F#6E#74"), true},
		{"a longer name is not /Font", []byte(strings.Replace(string(scan), "/XObject", "/Fonts", 1)), false},
		{"object streams", []byte(strings.Replace(string(scan), "/XObject", "/ObjStm", 1)), true},
		{"encrypted", []byte(strings.Replace(string(scan), "/XObject", "/Encrypt", 1)), true},
		{"cut before %%EOF", scan[:len(scan)-10], true},
		{"no startxref", []byte(strings.Replace(string(scan), "startxref", "startxrex", 1)), true},
		{"not a PDF", append([]byte("%PDX-"), scan[5:]...), true},
	} {
		if got := mayHoldText(tc.data); got != tc.want {
			t.Errorf("%s: mayHoldText = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// A scan is read as no text without starting the engine; a PDF whose font
// is named with escapes is read by it.
func TestPDFScanSkipsTheEngine(t *testing.T) {
	inProcess(t)
	ClosePDF()
	text, err := PDF(context.Background(), scanPDF(), 1<<20)
	if err != nil || text != "" {
		t.Errorf("scan: %q, %v; want no text", text, err)
	}
	engine.mu.Lock()
	started := engine.pool != nil
	engine.mu.Unlock()
	if started {
		t.Error("the engine was started for a PDF without fonts")
	}
	warm(t)
	for _, key := range []string{"/Font", "/F#6fnt"} {
		text, err := PDF(context.Background(), textPDF(key), 1<<20)
		if err != nil || !strings.Contains(text, "Hello scan") {
			t.Errorf("font resource %s: %q, %v; want Hello scan", key, text, err)
		}
	}
	// The engine agrees that the scan has no text.
	if text, err := readWithEngine(t, scanPDF()); err != nil || strings.TrimSpace(text) != "" {
		t.Errorf("engine on the scan: %q, %v", text, err)
	}
}

// readWithEngine reads data with the engine, skipping the shortcut.
func readWithEngine(t *testing.T, data []byte) (string, error) {
	t.Helper()
	p, err := acquire()
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	inst, err := p.GetInstance(pdfWait)
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Close()
	return readPDF(inst, data, 1<<20, nil)
}
