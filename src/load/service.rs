//! The library API, in the shape of `IWbemServices` (seeds 002 and 003): synchronous operations
//! that return their result, asynchronous ones that report to a caller's sink, and a
//! subscription to intrinsic events.
//!
//! Every operation, synchronous or not, takes the store's lock, is applied (checks first, so a
//! failure changes nothing), and is committed on its own before the lock is released: each is
//! atomic. Asynchronous calls are queued to one worker thread, so they apply in the order they
//! were submitted, whichever threads submitted them.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

use super::event::Intrinsic;
use super::flags::{self, SEND_STATUS};
use super::hresult::HResult;
use super::{Event, Shapes, Step, apply};
use crate::repo::{RepoError, Repository, Store};

/// Where an asynchronous call reports, with the caller's context handed back every time (as
/// `IWbemObjectSink` / `SWbemSink` do), so that one sink can serve many calls.
pub trait Sink<C>: Send + Sync {
    /// Progress, when the call asked for it with `WBEM_FLAG_SEND_STATUS`.
    fn on_progress(&self, _context: &C, _message: &str) {}
    /// What was written, on success (`OnObjectPut`): the class name or the object path.
    fn on_object_put(&self, _context: &C, _path: &str) {}
    /// The final status (`SetStatus` / `OnCompleted`): called exactly once per call.
    fn on_completed(&self, context: &C, result: HResult, event: &Event);
}

type Job = Box<dyn FnOnce(&Shared) + Send>;

struct Shared {
    repo: Option<Repository>,
    store: Mutex<Store>,
    subscribers: Mutex<Vec<Sender<Intrinsic>>>,
}

/// A repository open for operations.
pub struct Services {
    shared: Arc<Shared>,
    queue: Option<Sender<Job>>,
    worker: Option<JoinHandle<()>>,
}

impl Services {
    /// Operations on the repository in `dir` (created if missing, with `namespace`).
    pub fn open(dir: &std::path::Path, namespace: &str) -> Result<Services, RepoError> {
        let repo = Repository::open(dir, true, namespace)?;
        let store = repo.read()?;
        Ok(Self::start(Some(repo), store))
    }

    /// Operations on a store that lives only in memory.
    pub fn in_memory(namespace: &str) -> Services {
        Self::start(None, Store::fresh(namespace))
    }

    fn start(repo: Option<Repository>, store: Store) -> Services {
        let shared = Arc::new(Shared {
            repo,
            store: Mutex::new(store),
            subscribers: Mutex::new(Vec::new()),
        });
        let (queue, jobs) = mpsc::channel::<Job>();
        let worker_shared = Arc::clone(&shared);
        let worker = std::thread::spawn(move || {
            for job in jobs {
                job(&worker_shared);
            }
        });
        Services {
            shared,
            queue: Some(queue),
            worker: Some(worker),
        }
    }

    /// Applies one operation and returns its completion event.
    pub fn execute(&self, step: &Step) -> Event {
        self.shared.execute(step)
    }

    /// Queues one operation. An invalid argument is returned at once and the sink is never
    /// called; otherwise the sink hears progress (if asked for), the object put (on success)
    /// and exactly one final status.
    pub fn execute_async<C: Send + 'static>(&self, step: Step, sink: Arc<dyn Sink<C>>, context: C) -> HResult {
        if !flags::valid(step.flags) {
            return HResult::WBEM_E_INVALID_PARAMETER;
        }
        let job: Job = Box::new(move |shared: &Shared| {
            if step.flags & SEND_STATUS != 0 {
                sink.on_progress(&context, "started");
            }
            let event = shared.execute(&step);
            if event.outcome.result.is_success()
                && let Some(path) = event.path.as_deref().or(event.class.as_deref())
            {
                sink.on_object_put(&context, path);
            }
            sink.on_completed(&context, event.outcome.result, &event);
        });
        match self.queue.as_ref().map(|q| q.send(job)) {
            Some(Ok(())) => HResult::WBEM_S_NO_ERROR,
            _ => HResult::WBEM_E_FAILED,
        }
    }

    /// Intrinsic events of every change from now on.
    pub fn subscribe(&self) -> Receiver<Intrinsic> {
        let (sender, receiver) = mpsc::channel();
        lock(&self.shared.subscribers).push(sender);
        receiver
    }

    /// Waits for every queued call to finish.
    pub fn flush(&self) {
        let (done, wait) = mpsc::channel();
        let job: Job = Box::new(move |_| {
            let _ = done.send(());
        });
        if self.queue.as_ref().is_some_and(|q| q.send(job).is_ok()) {
            let _ = wait.recv();
        }
    }

    /// A copy of what the repository holds now.
    pub fn snapshot(&self) -> Store {
        lock(&self.shared.store).clone()
    }
}

impl Drop for Services {
    /// Finishes the queued calls before the repository is closed.
    fn drop(&mut self) {
        drop(self.queue.take());
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

impl Shared {
    fn execute(&self, step: &Step) -> Event {
        let mut store = lock(&self.store);
        // One call is one operation: nothing to keep for the next (which may find the store
        // read again from the repository).
        let mut event = apply(&mut store, &mut Shapes::default(), step, super::time_created());
        if !store.changes().is_empty() {
            let committed = self.repo.as_ref().map_or(Ok(()), |repo| repo.commit(&store));
            match committed {
                Ok(()) => store.clear_changes(),
                Err(e) => {
                    // The operation is not in the repository: forget it in memory too.
                    if let Some(Ok(fresh)) = self.repo.as_ref().map(Repository::read) {
                        *store = fresh;
                    }
                    event.outcome = super::Outcome::failed(HResult::WBEM_E_FAILED, e.to_string());
                }
            }
        }
        drop(store);
        if event.outcome.result.is_success() {
            lock(&self.subscribers).retain(|s| event.outcome.intrinsic.iter().all(|e| s.send(e.clone()).is_ok()));
        }
        event
    }
}

/// A lock that a panicking holder did not poison for good: the store is only changed after
/// every check, so it is consistent even then.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
