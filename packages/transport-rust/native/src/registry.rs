//! Servers by id, so that worker threads (which cannot receive a native object) attach to the
//! server their parent created.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, LazyLock};

use crate::pending::{lock, Mutex};
use crate::server::Server;

static SERVERS: LazyLock<Mutex<HashMap<u32, Arc<Server>>>> = LazyLock::new(|| Mutex::new(HashMap::new()));
static NEXT_ID: AtomicU32 = AtomicU32::new(1);

pub fn insert(server: Server) -> u32 {
  let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
  lock(&SERVERS).insert(id, Arc::new(server));
  id
}

pub fn get(id: u32) -> Option<Arc<Server>> {
  lock(&SERVERS).get(&id).cloned()
}

pub fn remove(id: u32) -> Option<Arc<Server>> {
  lock(&SERVERS).remove(&id)
}
