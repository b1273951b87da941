//! Lingering close. When a server closes a socket whose peer is still sending (an oversized head
//! answered 431, a body answered 413), the kernel resets the connection and the client may lose
//! the answer already written. So a closed connection first sends FIN, then reads and discards
//! what is still arriving for a short while, and only then closes.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// How long a closing connection keeps draining the peer.
const LINGER: Duration = Duration::from_secs(2);

/// A TCP stream that lingers when dropped (see the module doc).
pub struct LingerStream(Option<TcpStream>);

impl LingerStream {
  pub fn new(s: TcpStream) -> Self {
    Self(Some(s))
  }

  fn inner(&mut self) -> Pin<&mut TcpStream> {
    Pin::new(self.0.as_mut().expect("stream present until drop"))
  }
}

impl AsyncRead for LingerStream {
  fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
    self.get_mut().inner().poll_read(cx, buf)
  }
}

impl AsyncWrite for LingerStream {
  fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
    self.get_mut().inner().poll_write(cx, buf)
  }
  fn poll_write_vectored(self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[io::IoSlice<'_>]) -> Poll<io::Result<usize>> {
    self.get_mut().inner().poll_write_vectored(cx, bufs)
  }
  fn is_write_vectored(&self) -> bool {
    true
  }
  fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    self.get_mut().inner().poll_flush(cx)
  }
  fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    self.get_mut().inner().poll_shutdown(cx)
  }
}

impl Drop for LingerStream {
  fn drop(&mut self) {
    let Some(stream) = self.0.take() else { return };
    if let Ok(handle) = tokio::runtime::Handle::try_current() {
      handle.spawn(drain(stream));
    }
  }
}

async fn drain(stream: TcpStream) {
  let _ = socket2::SockRef::from(&stream).shutdown(std::net::Shutdown::Write);
  let mut buf = [0u8; 8192];
  let _ = tokio::time::timeout(LINGER, async {
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
