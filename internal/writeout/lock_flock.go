//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package writeout

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
)

// lockDir takes the exclusive advisory lock of dir: flock on the file
// .cccgen.lock in it, created if missing and removed on unlock. It blocks
// while another writer holds the lock. exclusive is false where the file
// system does not support flock; the caller then runs unlocked.
func lockDir(dir string) (unlock func(), exclusive bool, err error) {
	path := filepath.Join(dir, lockName)
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, false, err
		}
		if err := flock(f, syscall.LOCK_EX); err != nil {
			f.Close()
			if errors.Is(err, syscall.ENOLCK) || errors.Is(err, syscall.EOPNOTSUPP) || errors.Is(err, syscall.ENOSYS) {
				os.Remove(path)
				return func() {}, false, nil
			}
			return nil, false, &os.PathError{Op: "flock", Path: path, Err: err}
		}
		// The writer before us removes the file while it holds the lock, so
		// a lock on a file no longer at path is worthless: open again.
		held, err1 := f.Stat()
		now, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(held, now) {
			return func() {
				// Remove before releasing: whoever waits on this file then
				// sees that it is gone and opens a new one.
				os.Remove(path)
				f.Close()
			}, true, nil
		}
		f.Close()
		if err1 != nil {
			return nil, false, err1
		}
	}
}

func flock(f *os.File, how int) error {
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			return err
		}
	}
}
