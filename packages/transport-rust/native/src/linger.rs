//! The connection's stream as hyper sees it. It lingers on close: when a server closes a socket
//! whose peer is still sending (an oversized head answered 431, a body answered 413 or 408), the
//! kernel resets the connection and the client may lose the answer already written. So a closed
//! connection first sends FIN, then reads and discards what is still arriving for a short while,
//! and only then closes. It also marks the first byte of each request (`conn.rs`) and swaps
//! hyper's empty automatic error answers for Bolt's (`auto_error.rs`).

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use bytes::{Buf, Bytes};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

use crate::auto_error::AutoAnswers;
use crate::conn::ConnInfo;

/// How long a closing connection keeps draining the peer.
const LINGER: Duration = Duration::from_secs(2);

/// A TCP stream that lingers when dropped (see the module doc).
pub struct LingerStream {
  stream: Option<TcpStream>,
  conn: Arc<ConnInfo>,
  answers: Arc<AutoAnswers>,
  /// Bolt's replacement of an automatic answer, still to be written.
  out: Bytes,
}

impl LingerStream {
  pub fn new(stream: TcpStream, conn: Arc<ConnInfo>, answers: Arc<AutoAnswers>) -> Self {
    Self { stream: Some(stream), conn, answers, out: Bytes::new() }
  }

  fn inner(&mut self) -> Pin<&mut TcpStream> {
    Pin::new(self.stream.as_mut().expect("stream present until drop"))
  }

  /// Writes what is left of a replaced answer.
  fn poll_out(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    while !self.out.is_empty() {
      let chunk = self.out.clone();
      let n = ready!(self.inner().poll_write(cx, &chunk))?;
      if n == 0 {
        return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
      }
      self.out.advance(n);
    }
    Poll::Ready(Ok(()))
  }
}

impl AsyncRead for LingerStream {
  fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
    let this = self.get_mut();
    let before = buf.filled().len();
    let r = this.inner().poll_read(cx, buf);
    if buf.filled().len() > before {
      this.conn.on_read();
    }
    r
  }
}

impl AsyncWrite for LingerStream {
  fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
    self.poll_write_vectored(cx, &[io::IoSlice::new(buf)])
  }
  fn poll_write_vectored(self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[io::IoSlice<'_>]) -> Poll<io::Result<usize>> {
    let this = self.get_mut();
    ready!(this.poll_out(cx))?;
    if !this.conn.answering() {
      if let Some(bolt) = this.answers.replace(bufs) {
        this.out = bolt;
        // hyper's bytes count as written; ours go out now or on the flush that follows.
        let _ = this.poll_out(cx)?;
        return Poll::Ready(Ok(bufs.iter().map(|b| b.len()).sum()));
      }
    }
    this.inner().poll_write_vectored(cx, bufs)
  }
  fn is_write_vectored(&self) -> bool {
    true
  }
  fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    let this = self.get_mut();
    ready!(this.poll_out(cx))?;
    ready!(this.inner().poll_flush(cx))?;
    this.conn.flushed();
    Poll::Ready(Ok(()))
  }
  fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    let this = self.get_mut();
    ready!(this.poll_out(cx))?;
    this.inner().poll_shutdown(cx)
  }
}

impl Drop for LingerStream {
  fn drop(&mut self) {
    let Some(stream) = self.stream.take() else { return };
    let mut out = std::mem::take(&mut self.out);
    if out.is_empty() && self.conn.head_timed_out() {
      out = self.answers.head_timeout.clone();
    }
    if let Ok(handle) = tokio::runtime::Handle::try_current() {
      handle.spawn(drain(stream, out));
    }
  }
}

async fn drain(stream: TcpStream, out: Bytes) {
  let mut buf = [0u8; 8192];
  let _ = tokio::time::timeout(LINGER, async {
    // hyper may drop the stream before flushing a replaced answer: send it before the FIN.
    let mut out = out;
    while !out.is_empty() {
      if stream.writable().await.is_err() {
        return;
      }
      match stream.try_write(&out) {
        Ok(n) => out.advance(n),
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
        Err(_) => return,
      }
    }
    let _ = socket2::SockRef::from(&stream).shutdown(std::net::Shutdown::Write);
    loop {
      if stream.readable().await.is_err() {
        return;
      }
      match stream.try_read(&mut buf) {
        Ok(0) => return,
        Ok(_) => continue,
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
        Err(_) => return,
      }
    }
  })
  .await;
}
