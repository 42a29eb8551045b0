//! The answers' write transactions, committed in groups. Each answer is a
//! savepoint in a transaction it shares with the answers running beside it:
//! it is kept or undone whole, as a transaction of its own would be, and its
//! group commits it with the others. The first of them to come back after
//! letting the tasks ready to run have their turn commits the group. Flat
//! out, the answers running at the same moment share one `BEGIN` and one
//! `COMMIT`, and a page several of them change (the inbox's, its index's) is
//! written once; an answer alone commits as soon as it is let go of.
//! [`AnswerTx::commit`] returns once the answer is committed, so nothing is
//! sent for what a rollback could still undo. The inbox worker writes its
//! closes of the rows it has finished with the same way, and they share the
//! answers' commits.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, OnceLock};

use sqlx::SqliteConnection;
use tokio::sync::{Mutex, OwnedMutexGuard};

use super::{Store, StoreError, WriteTx};

/// The group of answers under way, shared by every clone of a [`Store`].
#[derive(Clone, Default)]
pub(super) struct Groups(Arc<Mutex<Open>>);

impl fmt::Debug for Groups {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Groups")
    }
}

#[derive(Default)]
struct Open {
    /// The transaction the answers let go of since the last commit share;
    /// None between groups, and while an answer holds it.
    tx: Option<WriteTx>,
    /// How the group in `tx` ended, told to each of its answers.
    ended: Arc<OnceLock<Ended>>,
}

#[derive(Debug, Clone)]
enum Ended {
    Committed,
    /// `COMMIT` failed: SQLite's words, as the error cannot be cloned.
    Failed(String),
}

/// How an answer's group ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// The answer is committed.
    Committed,
    /// Another answer of its group failed without being undone on its own
    /// (a panic, a statement that broke the transaction), and the whole
    /// group was rolled back: nothing of this answer is kept, and it is
    /// answered again.
    Lost,
}

/// One answer's write transaction: a savepoint in its group's. Read and
/// written through as a connection; [`AnswerTx::commit`] or
/// [`AnswerTx::rollback`] ends it. Dropped otherwise, it rolls its whole
/// group back.
pub struct AnswerTx {
    tx: WriteTx,
    /// Held until the answer ends: its group's `ended` stays the same.
    open: OwnedMutexGuard<Open>,
}

impl Store {
    /// Begins an answer: joins the group under way, or begins one with the
    /// write lock ([`Store::begin_write`]). Waits while another answer runs.
    pub async fn begin_answer(&self) -> Result<AnswerTx, StoreError> {
        let mut open = self.groups.0.clone().lock_owned().await;
        let mut tx = match open.tx.take() {
            Some(tx) => tx,
            None => {
                open.ended = Arc::default();
                self.begin_write().await?
            }
        };
        // On failure the group's transaction is dropped, and rolled back.
        sqlx::query("SAVEPOINT answer").execute(&mut *tx).await?;
        Ok(AnswerTx { tx, open })
    }

    /// Commits the group under way, if any; its answers learn it as they
    /// come back. Before the writer closes, which waits for its connection.
    pub(super) async fn end_answers(&self) {
        let mut open = self.groups.0.lock().await;
        let ended = open.ended.clone();
        if let Err(error) = end(&mut open, &ended).await {
            tracing::warn!(%error, "the answers under way could not be committed");
        }
    }
}

impl AnswerTx {
    /// Keeps the answer, and returns once its group has ended: other answers
    /// ready to run join it first.
    pub async fn commit(self) -> Result<Kept, StoreError> {
        let AnswerTx { mut tx, mut open } = self;
        sqlx::query("RELEASE answer").execute(&mut *tx).await?;
        open.tx = Some(tx);
        let ended = open.ended.clone();
        let groups = OwnedMutexGuard::mutex(&open).clone();
        drop(open);
        tokio::task::yield_now().await;
        end(&mut *groups.lock().await, &ended).await
    }

    /// Undoes the answer alone, and commits what its group holds of the
    /// others': the caller may go on to write outside the group.
    pub async fn rollback(self) -> Result<(), StoreError> {
        let AnswerTx { mut tx, mut open } = self;
        sqlx::query("ROLLBACK TO answer").execute(&mut *tx).await?;
        sqlx::query("RELEASE answer").execute(&mut *tx).await?;
        open.tx = Some(tx);
        let ended = open.ended.clone();
        end(&mut open, &ended).await.map(|_| ())
    }
}

/// Ends the group `ended` belongs to, if nobody has: commits it while its
/// transaction is there. One whose transaction went without its end being
/// told was rolled back when the transaction was dropped.
async fn end(open: &mut Open, ended: &Arc<OnceLock<Ended>>) -> Result<Kept, StoreError> {
    let tx = match ended.get() {
        Some(Ended::Committed) => return Ok(Kept::Committed),
        Some(Ended::Failed(error)) => return Err(StoreError::Commit(error.clone())),
        None if Arc::ptr_eq(&open.ended, ended) => open.tx.take(),
        None => None,
    };
    let Some(tx) = tx else {
        return Ok(Kept::Lost);
    };
    let committed = tx.commit().await;
    let told = match &committed {
        Ok(()) => Ended::Committed,
        Err(error) => Ended::Failed(error.to_string()),
    };
    // The one place the cell is set, with the group's transaction just
    // taken out: it cannot be set already.
    let _ = ended.set(told);
    committed?;
    Ok(Kept::Committed)
}

impl Deref for AnswerTx {
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        &self.tx
    }
}

impl DerefMut for AnswerTx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;
    use std::time::Duration;

    use super::*;
    use crate::store::tests::{commits, count, scratch, write};

    const ROWS: &str = "SELECT count(*) FROM inbox_offsets";

    /// An answer under way that has written row `n`.
    async fn begun(store: &Store, n: i64) -> AnswerTx {
        let mut tx = store.begin_answer().await.expect("begins");
        write(&mut tx, n).await;
        tx
    }

    /// An answer that writes row `n` and keeps it.
    async fn answer(store: &Store, n: i64) -> Kept {
        begun(store, n).await.commit().await.expect("ends")
    }

    /// What another connection sees: committed rows only.
    async fn committed(store: &Store) -> i64 {
        count(&mut store.read().await.expect("a reader"), ROWS).await
    }

    #[tokio::test]
    async fn answers_under_way_together_are_committed_together() {
        let (store, _url, _dir) = scratch().await;
        let commits = commits(&store).await;
        // Alone, an answer is committed by the time it returns.
        assert_eq!(answer(&store, 100).await, Kept::Committed);
        assert_eq!(commits.load(Ordering::Relaxed), 1);
        assert_eq!(committed(&store).await, 1);
        // The writer back in its pool, so that the first below need not wait.
        tokio::time::sleep(Duration::from_millis(20)).await;
        // All but the first come a turn later, as the other handlers of a
        // batch do: they reach the group only if the first lets them.
        let store = &store;
        let later = |n| async move {
            tokio::task::yield_now().await;
            answer(store, n).await
        };
        let (first, others) = tokio::join!(
            answer(store, 0),
            futures::future::join_all((1..20).map(later))
        );
        let kept: Vec<Kept> = std::iter::once(first).chain(others).collect();
        assert_eq!(kept, [Kept::Committed; 20]);
        assert_eq!(commits.load(Ordering::Relaxed), 2);
        assert_eq!(committed(store).await, 21);
    }

    /// A panic (or a cancelled task) drops its answer unfinished: its group
    /// is rolled back, the others are told to answer again, and the next
    /// answer starts a group of its own.
    #[tokio::test]
    async fn an_answer_dropped_unfinished_loses_its_group() {
        let (store, _url, _dir) = scratch().await;
        let dropped = async { drop(begun(&store, 2).await) };
        let (kept, ()) = tokio::join!(answer(&store, 1), dropped);
        assert_eq!(kept, Kept::Lost);
        assert_eq!(committed(&store).await, 0);
        assert_eq!(answer(&store, 1).await, Kept::Committed);
        assert_eq!(committed(&store).await, 1);
    }

    /// An answer undone on its own takes nothing of its group's with it, and
    /// leaves the writer free for what its caller writes next.
    #[tokio::test]
    async fn an_answer_rolled_back_undoes_itself_alone() {
        let (store, _url, _dir) = scratch().await;
        let undone = async {
            begun(&store, 2)
                .await
                .rollback()
                .await
                .expect("rolled back");
            let mut next = store.begin_write().await.expect("the writer is free");
            write(&mut next, 3).await;
            next.commit().await.expect("committed");
        };
        let (kept, ()) = tokio::join!(answer(&store, 1), undone);
        assert_eq!(kept, Kept::Committed);
        let sources: Vec<String> =
            sqlx::query_scalar("SELECT source FROM inbox_offsets ORDER BY source")
                .fetch_all(&mut *store.read().await.expect("a reader"))
                .await
                .expect("read");
        assert_eq!(sources, ["answer 1", "answer 3"]);
    }
}
