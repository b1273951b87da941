//! The table of requests waiting for JavaScript to answer, keyed by a per-worker request id.
//! `respond` takes the sender out; a sender that is dropped instead (worker gone, server closed)
//! wakes its request with an error, which the service turns into a 500.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU32, Ordering};

use tokio::sync::oneshot;

use crate::dispatch::Reply;

/// Ids are sequential integers: hashing them is a waste, use them as they are.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
  fn finish(&self) -> u64 {
    self.0
  }
  fn write(&mut self, _: &[u8]) {
    unreachable!("IdHasher only hashes u32 ids")
  }
  fn write_u32(&mut self, n: u32) {
    self.0 = u64::from(n);
  }
}

pub type IdMap<V> = HashMap<u32, V, BuildHasherDefault<IdHasher>>;

#[derive(Default)]
pub struct Pending {
  next: AtomicU32,
  /// Entries in `map`, readable without the lock (the dispatcher picks the least busy worker by it).
  count: AtomicU32,
  map: Mutex<IdMap<oneshot::Sender<Reply>>>,
}

impl Pending {
  /// Registers a waiting request and returns its id.
  pub fn insert(&self, tx: oneshot::Sender<Reply>) -> u32 {
    let id = self.next.fetch_add(1, Ordering::Relaxed);
    lock(&self.map).insert(id, tx);
    self.count.fetch_add(1, Ordering::Relaxed);
    id
  }

  /// Takes the sender for `id`; `None` when the request is already answered or gone.
  pub fn take(&self, id: u32) -> Option<oneshot::Sender<Reply>> {
    let taken = lock(&self.map).remove(&id);
    if taken.is_some() {
      self.count.fetch_sub(1, Ordering::Relaxed);
    }
    taken
  }

  /// Drops every sender so each waiting request answers 500.
  pub fn clear(&self) {
    let drained: Vec<_> = {
      let mut map = lock(&self.map);
      self.count.store(0, Ordering::Relaxed);
      map.drain().collect()
    };
    drop(drained);
  }

  /// Requests waiting for an answer.
  pub fn len(&self) -> u32 {
    self.count.load(Ordering::Relaxed)
  }
}

/// The mutex used across the bridge: the JS thread and a tokio thread take these locks for a few
/// instructions each, so parking_lot's brief spinning beats parking the thread (a futex syscall).
/// It does not poison: every critical section is a single insert, remove or swap.
pub type Mutex<T> = parking_lot::Mutex<T>;

pub fn lock<T>(m: &Mutex<T>) -> parking_lot::MutexGuard<'_, T> {
  m.lock()
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn take_returns_each_sender_once() {
    let p = Pending::default();
    let (tx, _rx) = oneshot::channel();
    let id = p.insert(tx);
    assert!(p.take(id).is_some());
    assert!(p.take(id).is_none());
  }

  #[test]
  fn clear_wakes_waiters_with_an_error() {
    let p = Pending::default();
    let (tx, mut rx) = oneshot::channel();
    p.insert(tx);
    p.clear();
    assert!(rx.try_recv().is_err());
    assert_eq!(p.len(), 0);
  }
}
