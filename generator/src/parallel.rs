//! Work spread over the machine's cores, with results in a fixed order so
//! that output never depends on scheduling.

/// Runs `f` on every item on the machine's cores, the costliest first (by
/// `cost`), each worker taking the next item when it is done; the results
/// in item order.
pub fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    cost: impl Fn(&T) -> usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len())
        .max(1);
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(cost(&items[i])));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let (f, next, order) = (&f, &next, &order);
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&i) = order.get(k) else { break done };
                        done.push((i, f(&items[i])));
                    }
                })
            })
            .collect();
        for handle in handles {
            // A worker only panics if `f` does, which the generator never
            // should: re-raise it rather than lose output silently.
            let done = handle
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            for (i, r) in done {
                results[i] = Some(r);
            }
        }
    });
    results.into_iter().flatten().collect()
}
