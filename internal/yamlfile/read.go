package yamlfile

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// MaxFile bounds a configuration or rules file: far above any real one
// (the bundled rules are under 100 KB), far below what would hurt.
const MaxFile = 4 << 20

// ReadFile reads a configuration or rules file: a regular file of at most
// MaxFile bytes. A device (/dev/zero), a FIFO or a directory is refused
// before anything is read, a larger file once MaxFile+1 bytes are, each
// with an error naming the path.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: 不是普通文件（%s），请给出 YAML 文件的路径", path, kind(st.Mode()))
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFile {
		return nil, fmt.Errorf("%s: %w", path, ErrTooLarge)
	}
	return data, nil
}

// ErrTooLarge is ReadFile's error for a file over MaxFile bytes.
var ErrTooLarge = errors.New("文件超过 4 MB，不像配置或规则文件")

func kind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "目录"
	case m&os.ModeDevice != 0, m&os.ModeCharDevice != 0:
		return "设备"
	case m&os.ModeNamedPipe != 0:
		return "管道"
	case m&os.ModeSocket != 0:
		return "套接字"
	}
	return m.Type().String()
}
