//! The crawl loop: one worker per source (up to `parallel` sources at
//! once), per-host politeness shared by all workers, retries, robots.txt.
//!
//! A host is visited one request at a time by default; the wait between two
//! requests is `max(source delay, robots Crawl-delay)`; a 429/503 with
//! `Retry-After`, or a 5xx/timeout backoff, pauses the whole host, because
//! that is what the server asked for.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::stream::{self, StreamExt};
use tokio::sync::Mutex as AsyncMutex;
use url::Url;

use crate::fetch::{backoff, Conditional, Failure, FetchConfig, FetchError, Fetched, Fetcher};
use crate::frontier::{Entry, Kind};
use crate::pipeline::{Analysis, DiscoveryLimits, Pipeline};
use crate::robots::{self, HostRules, Verdict};
use crate::sources::{host_key, Source, SourceSet};
use crate::store::{Counters, Finished, Store, StoreError};

/// Everything a crawl run can be told.
#[derive(Debug, Clone)]
pub struct CrawlConfig {
    pub data_dir: PathBuf,
    pub fetch: FetchConfig,
    pub limits: DiscoveryLimits,
    /// Fetches per source in this run (`None` = no limit).
    pub max_pages_per_source: Option<u64>,
    /// Sources crawled at once.
    pub parallel: usize,
    /// Attempts per URL before it is marked failed.
    pub max_attempts: u32,
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// A `Retry-After` longer than this defers the URL to a later run.
    pub max_retry_after: Duration,
    /// Overrides every source's delay (e.g. 0 for the fixture server).
    pub delay_override: Option<Duration>,
    pub warc_max_bytes: u64,
    /// Only these source ids (empty = all).
    pub only: Vec<String>,
    /// Queue finished start pages, sitemaps, feeds and listings again.
    pub refresh: bool,
    /// robots.txt attempts per host before the host is left for a later run.
    pub robots_attempts: u32,
}

impl CrawlConfig {
    pub fn new(data_dir: PathBuf) -> CrawlConfig {
        CrawlConfig {
            data_dir,
            fetch: FetchConfig::default(),
            limits: DiscoveryLimits {
                max_depth: 4,
                since: None,
            },
            max_pages_per_source: None,
            parallel: 16,
            max_attempts: 4,
            backoff_base: Duration::from_secs(2),
            backoff_cap: Duration::from_secs(120),
            max_retry_after: Duration::from_secs(300),
            delay_override: None,
            warc_max_bytes: 1 << 30,
            only: Vec::new(),
            refresh: false,
            robots_attempts: 3,
        }
    }
}

/// Why a crawl could not run.
#[derive(Debug, thiserror::Error)]
pub enum CrawlError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("unknown source id {0:?} (see `vnfacts sources list`)")]
    UnknownSource(String),
}

/// What a run did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Report {
    pub counters: Counters,
    pub elapsed_secs: f64,
    pub stopped: bool,
    pub copies_merged: usize,
}

/// Per-host politeness state.
struct Host {
    /// Earliest time of the next request.
    next: AsyncMutex<Instant>,
    /// One request at a time (or the source's concurrency).
    slots: tokio::sync::Semaphore,
    rules: AsyncMutex<Option<Arc<HostRules>>>,
}

struct Shared {
    cfg: CrawlConfig,
    fetcher: Fetcher,
    pipeline: Pipeline,
    store: Mutex<Store>,
    hosts: Mutex<HashMap<String, Arc<Host>>>,
    stop: Arc<AtomicBool>,
}

/// Run a crawl until every source is done, its budget is spent, or `stop`
/// is set (Ctrl-C). Resumes whatever an earlier run left.
pub async fn crawl(
    sources: &SourceSet,
    cfg: CrawlConfig,
    stop: Arc<AtomicBool>,
) -> Result<Report, CrawlError> {
    let started = Instant::now();
    for id in &cfg.only {
        if sources.get(id).is_none() {
            return Err(CrawlError::UnknownSource(id.clone()));
        }
    }
    let selected: Vec<Source> = sources
        .sources
        .iter()
        .filter(|s| cfg.only.is_empty() || cfg.only.contains(&s.id))
        .cloned()
        .collect();
    let pipeline = Pipeline::new(sources, cfg.limits.clone());
    let mut store = Store::open(&cfg.data_dir, cfg.warc_max_bytes, sources, &pipeline)?;
    for s in &selected {
        if cfg.refresh {
            store
                .frontier
                .requeue_discovery(Some(&s.id))
                .map_err(StoreError::from)?;
        }
        let seeds: Vec<(String, Kind, u32)> = s
            .seeds()
            .iter()
            .map(|u| (crate::canon::canonicalize(u).to_string(), Kind::Start, 0))
            .collect();
        store
            .frontier
            .enqueue(&s.id, &seeds)
            .map_err(StoreError::from)?;
    }
    let fetcher = Fetcher::new(cfg.fetch.clone())?;
    let parallel = cfg.parallel.max(1);
    let shared = Arc::new(Shared {
        cfg,
        fetcher,
        pipeline,
        store: Mutex::new(store),
        hosts: Mutex::new(HashMap::new()),
        stop: stop.clone(),
    });
    let results: Vec<Result<(), CrawlError>> = stream::iter(
        selected
            .into_iter()
            .map(|s| run_source(shared.clone(), Arc::new(s))),
    )
    .buffer_unordered(parallel)
    .collect()
    .await;
    let mut store = shared.store.lock().unwrap_or_else(|p| p.into_inner());
    let copies_merged = store.close()?;
    let report = Report {
        counters: store.counters.clone(),
        elapsed_secs: started.elapsed().as_secs_f64(),
        stopped: stop.load(Ordering::SeqCst),
        copies_merged,
    };
    drop(store);
    for r in results {
        r?;
    }
    Ok(report)
}

impl Shared {
    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        // A panic elsewhere cannot leave the store half-written (each step is
        // one write or one transaction), so a poisoned lock is still usable.
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn host(&self, key: &str, concurrency: usize) -> Arc<Host> {
        let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
        hosts
            .entry(key.to_string())
            .or_insert_with(|| {
                Arc::new(Host {
                    next: AsyncMutex::new(Instant::now()),
                    slots: tokio::sync::Semaphore::new(concurrency.max(1)),
                    rules: AsyncMutex::new(None),
                })
            })
            .clone()
    }

    fn delay(&self, source: &Source, rules: Option<&HostRules>) -> Duration {
        let configured = self
            .cfg
            .delay_override
            .unwrap_or(Duration::from_millis(source.politeness.delay_ms));
        let crawl_delay = rules.and_then(|r| r.crawl_delay).unwrap_or(Duration::ZERO);
        configured.max(crawl_delay)
    }

    /// Wait for the host's turn, then book the next one `delay` later.
    /// `false` when the crawl is stopping or the host asked for a pause
    /// longer than `max_retry_after` (its URLs stay queued for a later run).
    async fn turn(&self, host: &Host, delay: Duration) -> bool {
        let mut next = host.next.lock().await;
        if next.saturating_duration_since(Instant::now()) > self.cfg.max_retry_after {
            return false;
        }
        // Sleep in slices so a Ctrl-C is not held up by a long Retry-After.
        while *next > Instant::now() {
            if self.stopped() {
                return false;
            }
            tokio::time::sleep(
                next.saturating_duration_since(Instant::now())
                    .min(Duration::from_millis(200)),
            )
            .await;
        }
        *next = Instant::now() + delay;
        true
    }

    /// Push the host's next request at least `pause` into the future.
    async fn pause(&self, host: &Host, pause: Duration) {
        let mut next = host.next.lock().await;
        let until = Instant::now() + pause;
        if *next < until {
            *next = until;
        }
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

async fn run_source(shared: Arc<Shared>, source: Arc<Source>) -> Result<(), CrawlError> {
    let workers = source.politeness.concurrency.max(1);
    let budget = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let results: Vec<Result<(), CrawlError>> =
        stream::iter((0..workers).map(|_| worker(shared.clone(), source.clone(), budget.clone())))
            .buffer_unordered(workers)
            .collect()
            .await;
    results.into_iter().collect()
}

async fn worker(
    shared: Arc<Shared>,
    source: Arc<Source>,
    budget: Arc<std::sync::atomic::AtomicU64>,
) -> Result<(), CrawlError> {
    loop {
        if shared.stopped() {
            return Ok(());
        }
        if let Some(max) = shared.cfg.max_pages_per_source {
            if budget.load(Ordering::SeqCst) >= max {
                return Ok(());
            }
        }
        let claimed = shared
            .store()
            .frontier
            .claim(&source.id)
            .map_err(StoreError::from)?;
        let Some(entry) = claimed else {
            let (_, in_flight) = shared
                .store()
                .frontier
                .pending(&source.id)
                .map_err(StoreError::from)?;
            if in_flight == 0 {
                return Ok(());
            }
            // Another worker of this source may still discover URLs.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        budget.fetch_add(1, Ordering::SeqCst);
        match visit(&shared, &source, &entry).await? {
            Visit::Done => {}
            Visit::HostUnavailable => {
                shared
                    .store()
                    .frontier
                    .release(entry.id)
                    .map_err(StoreError::from)?;
                return Ok(());
            }
        }
    }
}

enum Visit {
    Done,
    /// robots.txt could not be read, the host asked for a long pause, or the
    /// crawl is stopping: leave the host for a later run.
    HostUnavailable,
}

async fn visit(shared: &Shared, source: &Source, entry: &Entry) -> Result<Visit, CrawlError> {
    let url = match Url::parse(&entry.url) {
        Ok(u) if source.in_scope(&u) => u,
        _ => {
            shared
                .store()
                .fail(&entry.url, None, "outside the source's allowed hosts")?;
            return Ok(Visit::Done);
        }
    };
    let host = shared.host(&host_key(&url), source.politeness.concurrency);
    let Some(rules) = host_rules(shared, source, &host, &url).await? else {
        return Ok(Visit::HostUnavailable);
    };
    if !rules.allowed(&url) {
        shared
            .store()
            .fail(&entry.url, None, "disallowed by robots.txt")?;
        return Ok(Visit::Done);
    }
    let _slot = host.slots.acquire().await;
    shared.turn(&host, shared.delay(source, Some(&rules))).await;
    if shared.stopped() {
        shared
            .store()
            .frontier
            .release(entry.id)
            .map_err(StoreError::from)?;
        return Ok(Visit::Done);
    }
    let cond = (entry.etag.is_some() || entry.last_modified.is_some()).then(|| Conditional {
        etag: entry.etag.clone(),
        last_modified: entry.last_modified.clone(),
    });
    let in_scope = |u: &Url| source.in_scope(u);
    let result = shared.fetcher.fetch(&url, cond.as_ref(), &in_scope).await;
    handle(shared, source, entry, &host, result).await?;
    Ok(Visit::Done)
}

async fn handle(
    shared: &Shared,
    source: &Source,
    entry: &Entry,
    host: &Host,
    result: Result<Fetched, Failure>,
) -> Result<(), CrawlError> {
    let fetched = match result {
        Ok(f) => f,
        Err(Failure { error, hops }) => {
            {
                let mut store = shared.store();
                for hop in &hops {
                    store.archive(hop)?;
                }
            }
            if error.is_transient() {
                return retry_later(shared, entry, host, None, &error.to_string(), None).await;
            }
            shared.store().fail(&entry.url, None, &error.to_string())?;
            return Ok(());
        }
    };
    let status = fetched.last.status;
    if status == 429 || status == 503 || (500..600).contains(&status) {
        let wait = if status == 429 || status == 503 {
            fetched.last.retry_after()
        } else {
            None
        };
        if entry.attempts < shared.cfg.max_attempts {
            {
                let mut store = shared.store();
                for hop in &fetched.hops {
                    store.archive(hop)?;
                }
                store.archive(&fetched.last)?;
            }
            return retry_later(
                shared,
                entry,
                host,
                Some(status),
                &format!("HTTP {status}"),
                wait,
            )
            .await;
        }
    }
    let success = (200..300).contains(&status);
    let analysis = if success {
        shared
            .pipeline
            .analyze(source, entry.kind, entry.depth, &fetched.last)
    } else {
        Analysis::default()
    };
    let ok = (success || status == 304) && analysis.rejected.is_none();
    let error = analysis
        .rejected
        .clone()
        .or_else(|| (!ok).then(|| format!("HTTP {status}")));
    shared.store().finish(&Finished {
        source,
        frontier_url: &entry.url,
        hops: &fetched.hops,
        last: &fetched.last,
        analysis: &analysis,
        ok,
        error,
        refresh: entry.fetched_before,
    })?;
    Ok(())
}

/// Requeue (or fail, when out of attempts) and pause the host.
async fn retry_later(
    shared: &Shared,
    entry: &Entry,
    host: &Host,
    status: Option<u16>,
    why: &str,
    retry_after: Option<Duration>,
) -> Result<(), CrawlError> {
    if entry.attempts >= shared.cfg.max_attempts {
        shared.store().fail(
            &entry.url,
            status,
            &format!("{why} after {} attempts", entry.attempts),
        )?;
        return Ok(());
    }
    let wait = retry_after.unwrap_or_else(|| {
        backoff(
            entry.attempts.saturating_sub(1),
            shared.cfg.backoff_base,
            shared.cfg.backoff_cap,
        )
    });
    tracing::info!("{}: {why}; retrying in {wait:?}", entry.url);
    shared
        .store()
        .frontier
        .requeue(entry.id, status, why)
        .map_err(StoreError::from)?;
    if wait <= shared.cfg.max_retry_after {
        shared.pause(host, wait).await;
    } else {
        // Far in the future: this run leaves the host alone from now on.
        shared.pause(host, Duration::from_secs(24 * 3600)).await;
    }
    Ok(())
}

/// The host's robots.txt rules, fetched once per run; `None` when they stay
/// unknown after the allowed attempts (5xx, timeouts).
async fn host_rules(
    shared: &Shared,
    source: &Source,
    host: &Host,
    url: &Url,
) -> Result<Option<Arc<HostRules>>, CrawlError> {
    let mut guard = host.rules.lock().await;
    if let Some(r) = guard.as_ref() {
        return Ok(Some(r.clone()));
    }
    let Some(robots_url) = robots::robots_url(url) else {
        return Ok(None);
    };
    for attempt in 0..shared.cfg.robots_attempts.max(1) {
        if shared.stopped() {
            return Ok(None);
        }
        if !shared.turn(host, shared.delay(source, None)).await {
            return Ok(None);
        }
        let in_scope = |u: &Url| source.in_scope(u) || u.path() == "/robots.txt";
        let verdict = match shared.fetcher.fetch(&robots_url, None, &in_scope).await {
            Ok(f) => {
                {
                    let mut store = shared.store();
                    for hop in &f.hops {
                        store.archive(hop)?;
                    }
                    store.archive(&f.last)?;
                }
                robots::verdict(
                    f.last.status,
                    &f.last.body,
                    &shared.fetcher.config().user_agent,
                )
            }
            Err(Failure {
                error: e @ (FetchError::Timeout(_) | FetchError::Network(_)),
                ..
            }) => Verdict::Unavailable(e.to_string()),
            // Refused, out of scope, too large...: no usable rules, treat as none.
            Err(_) => Verdict::Rules(HostRules::allow_all()),
        };
        match verdict {
            Verdict::Rules(rules) => {
                let mut sitemaps: Vec<(String, Kind, u32)> = rules
                    .sitemaps
                    .iter()
                    .filter_map(|s| Url::parse(s).ok())
                    .filter(|u| source.in_scope(u))
                    .map(|u| (crate::canon::canonicalize(&u).to_string(), Kind::Sitemap, 0))
                    .collect();
                if sitemaps.is_empty() {
                    if let Ok(u) = url.join("/sitemap.xml") {
                        sitemaps.push((u.to_string(), Kind::Sitemap, 0));
                    }
                }
                shared
                    .store()
                    .frontier
                    .enqueue(&source.id, &sitemaps)
                    .map_err(StoreError::from)?;
                let rules = Arc::new(rules);
                *guard = Some(rules.clone());
                return Ok(Some(rules));
            }
            Verdict::Unavailable(why) => {
                let wait = backoff(attempt, shared.cfg.backoff_base, shared.cfg.backoff_cap);
                tracing::warn!(
                    "{robots_url}: {why}; rules unknown, waiting {wait:?} before asking again"
                );
                shared.pause(host, wait).await;
            }
        }
    }
    tracing::warn!(
        "{robots_url}: rules still unknown; {} is left for a later run",
        host_key(url)
    );
    Ok(None)
}

/// Run [`crawl`] on its own multi-threaded runtime, stopping cleanly on
/// the first Ctrl-C (in-flight requests finish, files are completed) and
/// exiting at once on the second.
pub fn crawl_blocking(sources: &SourceSet, cfg: CrawlConfig) -> Result<Report, CrawlError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            CrawlError::Store(StoreError::Warc(crate::warc::WarcError::Io {
                path: "tokio runtime".into(),
                err: e,
            }))
        })?;
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    rt.block_on(async move {
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                tracing::warn!("stopping: finishing requests in flight (Ctrl-C again to abort)");
                flag.store(true, Ordering::SeqCst);
            }
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(130);
            }
        });
        crawl(sources, cfg, stop).await
    })
}

/// Per-source counts of the crawl state in `data_dir` (empty when no crawl ran there).
pub fn status(
    data_dir: &std::path::Path,
) -> Result<Vec<crate::frontier::SourceStatus>, CrawlError> {
    let db = crate::store::DataPaths::new(data_dir).db;
    if !db.exists() {
        return Ok(Vec::new());
    }
    let f = crate::frontier::Frontier::open(&db).map_err(StoreError::from)?;
    Ok(f.status().map_err(StoreError::from)?)
}
