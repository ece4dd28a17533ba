// Command ferretdb runs FerretDB 1.24 (MongoDB wire protocol, SQLite backend) as a
// library, because `go install .../cmd/ferretdb` builds a binary that panics at start.
//
// FerretDB 1.24 applies an update as read-modify-write without isolation, so two
// concurrent updates of one document can lose one of them (measured: 1,000 concurrent
// $inc gave 133). MongoDB guarantees single-document atomicity and emutrack relies on
// it, so this program puts FerretDB behind a tiny wire-protocol proxy that runs one
// command at a time: slower, but atomic per document like the production database.
package main

import (
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

const (
	opMsg       = 2013
	moreToCome  = 1 << 1
	headerBytes = 16
)

func main() {
	addr := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	dataDir := flag.String("data-dir", "./data", "directory holding the SQLite databases")
	flag.Parse()

	dir, err := filepath.Abs(*dataDir)
	if err != nil {
		log.Fatalf("data dir: %v", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatalf("data dir: %v", err)
	}
	socket := filepath.Join(dir, "ferretdb.sock")
	if len(socket) > 100 { // unix socket paths are limited to ~108 bytes
		socket = filepath.Join(os.TempDir(), fmt.Sprintf("emt-ferretdb-%d.sock", os.Getpid()))
	}
	_ = os.Remove(socket)

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{Unix: socket},
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/",
	})
	if err != nil {
		log.Fatalf("ferretdb: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	go func() {
		if err := f.Run(ctx); err != nil {
			log.Fatalf("ferretdb: %v", err)
		}
	}()

	listener, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("listen %s: %v", *addr, err)
	}
	go func() {
		<-ctx.Done()
		_ = listener.Close()
	}()

	log.Printf("FerretDB listening on %s (commands serialised), data in %s", *addr, dir)
	var serial sync.Mutex
	for {
		client, err := listener.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			log.Printf("accept: %v", err)
			continue
		}
		go serve(client, socket, &serial)
	}
}

// serve relays one client connection, running each request and its reply under the lock.
func serve(client net.Conn, socket string, serial *sync.Mutex) {
	defer client.Close()
	backend, err := dialWithRetry(socket)
	if err != nil {
		log.Printf("backend: %v", err)
		return
	}
	defer backend.Close()

	for {
		request, err := readMessage(client)
		if err != nil {
			return
		}
		replies, err := exchange(backend, request, serial)
		if err != nil {
			log.Printf("backend exchange: %v", err)
			return
		}
		for _, reply := range replies {
			if _, err := client.Write(reply); err != nil {
				return
			}
		}
	}
}

func exchange(backend net.Conn, request []byte, serial *sync.Mutex) ([][]byte, error) {
	serial.Lock()
	defer serial.Unlock()

	if _, err := backend.Write(request); err != nil {
		return nil, err
	}
	if hasMoreToCome(request) {
		return nil, nil // the client expects no reply (unacknowledged write)
	}
	var replies [][]byte
	for {
		reply, err := readMessage(backend)
		if err != nil {
			return nil, err
		}
		replies = append(replies, reply)
		if !hasMoreToCome(reply) {
			return replies, nil
		}
	}
}

func readMessage(r io.Reader) ([]byte, error) {
	header := make([]byte, headerBytes)
	if _, err := io.ReadFull(r, header); err != nil {
		return nil, err
	}
	length := int(binary.LittleEndian.Uint32(header[0:4]))
	if length < headerBytes || length > 64<<20 {
		return nil, errors.New("invalid message length")
	}
	message := make([]byte, length)
	copy(message, header)
	if _, err := io.ReadFull(r, message[headerBytes:]); err != nil {
		return nil, err
	}
	return message, nil
}

func hasMoreToCome(message []byte) bool {
	if binary.LittleEndian.Uint32(message[12:16]) != opMsg || len(message) < headerBytes+4 {
		return false
	}
	return binary.LittleEndian.Uint32(message[16:20])&moreToCome != 0
}

func dialWithRetry(socket string) (net.Conn, error) {
	var err error
	for i := 0; i < 50; i++ {
		var conn net.Conn
		if conn, err = net.Dial("unix", socket); err == nil {
			return conn, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return nil, err
}
