// ws-client: a bounded WebSocket echo load generator for bench/src/ws-echo.ts.
//
// N connections each keep K messages in flight: every echo received is counted and answered by
// the next message, so the load never outruns the server (no unbounded queue on either side).
// After the warm-up it prints `measuring` and starts counting; at the end one JSON line reports
// what was measured.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

type result struct {
	Messages    int64   `json:"messages"`
	Seconds     float64 `json:"seconds"`
	Errors      int64   `json:"errors"`
	Mismatched  int64   `json:"mismatched"`
	Connections int     `json:"connections"`
	InFlight    int     `json:"inFlight"`
	Bytes       int     `json:"bytes"`
}

func main() {
	url := flag.String("url", "", "ws://127.0.0.1:PORT/path (loopback only)")
	conns := flag.Int("c", 64, "connections")
	inFlight := flag.Int("k", 8, "messages in flight per connection")
	size := flag.Int("size", 64, "text message size in bytes")
	warmup := flag.Float64("warmup", 1, "warm-up seconds (not counted)")
	duration := flag.Float64("d", 3, "measured seconds")
	flag.Parse()
	if !strings.HasPrefix(*url, "ws://127.0.0.1:") {
		fmt.Fprintln(os.Stderr, "ws-client: -url must be ws://127.0.0.1:PORT/... (it loads only the local machine)")
		os.Exit(2)
	}
	payload := []byte(strings.Repeat("x", *size))

	var counting atomic.Bool
	var messages, errors, mismatched atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	dialer := websocket.Dialer{HandshakeTimeout: 10 * time.Second, EnableCompression: false}
	for i := 0; i < *conns; i++ {
		conn, _, err := dialer.Dial(*url, nil)
		if err != nil {
			fmt.Fprintf(os.Stderr, "ws-client: connection %d: %v\n", i, err)
			os.Exit(1)
		}
		wg.Add(1)
		go func(conn *websocket.Conn) {
			defer wg.Done()
			defer conn.Close()
			for j := 0; j < *inFlight; j++ {
				if err := conn.WriteMessage(websocket.TextMessage, payload); err != nil {
					errors.Add(1)
					return
				}
			}
			for {
				select {
				case <-stop:
					return
				default:
				}
				conn.SetReadDeadline(time.Now().Add(10 * time.Second))
				kind, data, err := conn.ReadMessage()
				if err != nil {
					select {
					case <-stop:
					default:
						errors.Add(1)
					}
					return
				}
				if kind != websocket.TextMessage || len(data) != len(payload) {
					mismatched.Add(1)
				}
				if counting.Load() {
					messages.Add(1)
				}
				if err := conn.WriteMessage(websocket.TextMessage, payload); err != nil {
					errors.Add(1)
					return
				}
			}
		}(conn)
	}
	time.Sleep(time.Duration(*warmup * float64(time.Second)))
	counting.Store(true)
	start := time.Now()
	fmt.Println("measuring") // the runner starts sampling the server's CPU here
	time.Sleep(time.Duration(*duration * float64(time.Second)))
	counted := messages.Load()
	elapsed := time.Since(start).Seconds()
	counting.Store(false)
	close(stop)
	out, _ := json.Marshal(result{
		Messages: counted, Seconds: elapsed, Errors: errors.Load(), Mismatched: mismatched.Load(),
		Connections: *conns, InFlight: *inFlight, Bytes: *size,
	})
	fmt.Println(string(out))
	os.Exit(0) // the readers still blocked in ReadMessage end with the process
}
