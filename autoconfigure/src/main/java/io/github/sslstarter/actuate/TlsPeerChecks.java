package io.github.sslstarter.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.springframework.context.SmartLifecycle;

/**
 * Checks every configured TLS peer in the background and keeps the last result of each.
 * <p>
 * Checks run on a pool of {@code ssl.health.threads} threads, each under its own deadline
 * ({@code ssl.health.timeout}); once started, each peer is checked at once and then again
 * {@code ssl.health.cache-ttl} after its previous check finished, independently of the others,
 * so a slow or dead peer delays nobody but itself. Readers ({@link #last(String)}, the health
 * contributor, the {@code tls} endpoint, the gauges) get the last result immediately and never
 * cause a check.
 */
public final class TlsPeerChecks implements SmartLifecycle {

	private final Map<String, TlsPeerCheck> checks;

	private final Duration cacheTtl;

	private final int threads;

	private final ScheduledThreadPoolExecutor watchdog;

	private final Map<String, TlsPeerResult> results = new ConcurrentHashMap<>();

	private final List<Consumer<TlsPeerResult>> listeners = new CopyOnWriteArrayList<>();

	private volatile ScheduledThreadPoolExecutor pool;

	private volatile boolean running;

	TlsPeerChecks(List<TlsPeerCheck> checks, Duration cacheTtl, int threads, ScheduledThreadPoolExecutor watchdog) {
		Map<String, TlsPeerCheck> byName = new LinkedHashMap<>();
		checks.forEach((check) -> byName.put(check.peer().name(), check));
		this.checks = Collections.unmodifiableMap(byName);
		this.cacheTtl = cacheTtl;
		this.threads = Math.max(1, threads);
		this.watchdog = watchdog;
	}

	/** The peers, in configuration order. */
	public List<TlsPeer> peers() {
		return this.checks.values().stream().map(TlsPeerCheck::peer).toList();
	}

	/** The last result for the named peer, or {@code null} before its first check finished. */
	public TlsPeerResult last(String name) {
		return this.results.get(name);
	}

	/** Calls {@code listener} with every result as it arrives (on the checking thread). */
	public void addListener(Consumer<TlsPeerResult> listener) {
		this.listeners.add(listener);
	}

	/**
	 * Checks every peer now, concurrently on the pool, and completes when all are done. The
	 * results replace the cached ones. Starts the pool if needed, without scheduling re-checks.
	 */
	public CompletableFuture<Map<String, TlsPeerResult>> checkAll() {
		ScheduledThreadPoolExecutor executor = executor();
		Map<String, CompletableFuture<TlsPeerResult>> futures = new LinkedHashMap<>();
		this.checks.forEach((name, check) -> futures.put(name,
				CompletableFuture.supplyAsync(() -> runAndStore(check), executor)));
		return CompletableFuture.allOf(futures.values().toArray(new CompletableFuture<?>[0])).thenApply((ignored) -> {
			Map<String, TlsPeerResult> all = new LinkedHashMap<>();
			futures.forEach((name, future) -> all.put(name, future.join()));
			return all;
		});
	}

	/** Starts the background checks: every peer at once, then every cache TTL. */
	@Override
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		this.running = true;
		ScheduledThreadPoolExecutor executor = executor();
		this.checks.values().forEach((check) -> executor.execute(() -> scheduled(check, executor)));
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		ScheduledThreadPoolExecutor executor = this.pool;
		this.pool = null;
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	/** Stops the checks for good, with the deadline thread (the bean's destroy method). */
	public synchronized void close() {
		stop();
		this.watchdog.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void scheduled(TlsPeerCheck check, ScheduledThreadPoolExecutor executor) {
		try {
			runAndStore(check);
		}
		finally {
			// whatever happened to this check, the peer is checked again
			if (this.running && !executor.isShutdown()) {
				executor.schedule(() -> scheduled(check, executor), this.cacheTtl.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
	}

	private TlsPeerResult runAndStore(TlsPeerCheck check) {
		TlsPeerResult result = check.run();
		this.results.put(check.peer().name(), result);
		for (Consumer<TlsPeerResult> listener : this.listeners) {
			try {
				listener.accept(result);
			}
			catch (RuntimeException ex) {
				// a failing listener (metrics, say) must not stop the checks or hide the result
			}
		}
		return result;
	}

	private synchronized ScheduledThreadPoolExecutor executor() {
		if (this.pool == null) {
			ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(this.threads,
					daemonThreads("tls-peer-check-"));
			executor.setRemoveOnCancelPolicy(true);
			this.pool = executor;
		}
		return this.pool;
	}

	static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	static ScheduledThreadPoolExecutor newWatchdog() {
		ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1,
				daemonThreads("tls-peer-check-deadline-"));
		watchdog.setRemoveOnCancelPolicy(true);
		return watchdog;
	}

	/** The peers and their last results, for reports. */
	Map<TlsPeer, TlsPeerResult> snapshot() {
		Map<TlsPeer, TlsPeerResult> snapshot = new LinkedHashMap<>();
		this.checks.values().forEach((check) -> snapshot.put(check.peer(), this.results.get(check.peer().name())));
		return snapshot;
	}

	List<String> names() {
		return new ArrayList<>(this.checks.keySet());
	}

}
