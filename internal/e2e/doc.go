// Package e2e holds the end-to-end tests: each builds the tweakdash
// binary from the module root and drives it as a person or a script
// would, in a pty fed to a terminal emulator or through its exit status
// and output. They reach the program only through the binary: nothing
// here imports ui or the command layer.
package e2e
