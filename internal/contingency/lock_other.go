//go:build !unix

package contingency

import "os"

// lockDir checks that path can be written; without flock, two processes
// sharing one directory are not detected.
func lockDir(path string) (func() error, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	return f.Close, nil
}
