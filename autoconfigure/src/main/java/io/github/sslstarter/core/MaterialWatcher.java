package io.github.sslstarter.core;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Watches the files a context's material comes from (key, certificate, keystore, CA file, CA
 * directory, CRL file) and has the {@link MaterialReloader} reload it when their content
 * changes. The content is what counts, read through symbolic links, so a Kubernetes secret
 * volume's {@code ..data} link swap and certbot's {@code live/} links to {@code archive/certN.pem}
 * are seen like a file written in place. The files are read every {@code interval}, and at once
 * when the directories holding them report a change (a {@link WatchService}, where the platform
 * has one).
 * <p>
 * Writers do not write atomically, nor both files of a pair at once: a change is acted upon only
 * once the content has stayed the same for the {@code quietPeriod} (counted from the changed
 * files' last modification when a poll finds them, so that a late poll adds no wait), and then key
 * and certificate are loaded and checked together. Material that cannot be used (a half-written file, a key
 * that does not match the certificate) keeps the old material in use, is reported once (one
 * WARN) and is tried again every interval, silently, until it can be used or changes again.
 */
public final class MaterialWatcher implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(MaterialWatcher.class.getName());

	/** More than any key, certificate or CA file (the loader refuses more than 8 MiB). */
	private static final int MAX_READ = 8 * 1024 * 1024 + 1;

	private static final String MISSING = "missing";

	private final MaterialReloader reloader;

	private final List<Path> paths;

	private final long intervalNanos;

	private final long quietNanos;

	private final Thread thread;

	private final boolean directoryEvents;

	private volatile boolean running = true;

	private WatchService events;

	// the watcher thread's own state
	private Map<String, String> applied;

	private Map<String, String> pending;

	private long pendingSince;

	private Map<String, String> failed;

	private long failedAt;

	/**
	 * A watcher of {@code paths}; {@link #start()} starts it.
	 * @param reloader reloads the context's material
	 * @param paths the files and directories the material is read from
	 * @param interval how often the files are read
	 * @param quietPeriod how long changed content must stay the same before it is loaded
	 */
	public MaterialWatcher(MaterialReloader reloader, List<Path> paths, Duration interval, Duration quietPeriod) {
		this(reloader, paths, interval, quietPeriod, true);
	}

	/** As the public constructor; {@code directoryEvents} false reads the files every interval only. */
	MaterialWatcher(MaterialReloader reloader, List<Path> paths, Duration interval, Duration quietPeriod,
			boolean directoryEvents) {
		this.directoryEvents = directoryEvents;
		this.reloader = reloader;
		this.paths = List.copyOf(new LinkedHashSet<>(paths));
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("The interval must be positive");
		}
		this.intervalNanos = interval.toNanos();
		this.quietNanos = Math.max(0, quietPeriod.toNanos());
		this.thread = new Thread(this::run, "tls-reload-" + reloader.contextFactory().name());
		this.thread.setDaemon(true);
	}

	/** The files and directories watched. */
	public List<Path> paths() {
		return this.paths;
	}

	/** How often the files are read. */
	public Duration interval() {
		return Duration.ofNanos(this.intervalNanos);
	}

	/** How long changed files must stay the same before they are loaded. */
	public Duration quietPeriod() {
		return Duration.ofNanos(this.quietNanos);
	}

	/**
	 * Reads the files as they are now and starts watching them: for material loaded just before;
	 * see {@link #start(Snapshot)}.
	 * @return this watcher
	 */
	public MaterialWatcher start() {
		return start(snapshot(this.paths));
	}

	/**
	 * Starts watching the files, which held {@code loaded} when the context's material was read
	 * from them: a change between that reading and this start is reloaded at once.
	 * @param loaded the files as taken by {@link #snapshot(List)} before the material was loaded
	 * @return this watcher
	 */
	public MaterialWatcher start(Snapshot loaded) {
		this.applied = loaded.digests();
		this.events = this.directoryEvents ? watchService() : null;
		this.thread.start();
		return this;
	}

	/**
	 * The content of the files as it is now, to be taken before the material is loaded from them
	 * and given to {@link #start(Snapshot)}.
	 * @param paths the files and directories
	 * @return their digests
	 */
	public static Snapshot snapshot(List<Path> paths) {
		return new Snapshot(digests(List.copyOf(new LinkedHashSet<>(paths))));
	}

	/**
	 * The content of watched files at one moment: a digest of each file (each file of a
	 * directory), never the content itself.
	 *
	 * @param digests the SHA-256 of each file by path
	 */
	public record Snapshot(Map<String, String> digests) {

		public Snapshot {
			digests = Map.copyOf(digests);
		}

	}

	@Override
	public void close() {
		this.running = false;
		this.thread.interrupt();
		WatchService events = this.events;
		if (events != null) {
			try {
				events.close();
			}
			catch (IOException ex) {
				// closing: nothing to do
			}
		}
		try {
			this.thread.join(TimeUnit.SECONDS.toMillis(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void run() {
		while (this.running) {
			try {
				await(nextWaitNanos());
				check();
			}
			catch (InterruptedException | ClosedWatchServiceException ex) {
				return;
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING, "Watching the TLS material of context '" + this.reloader.contextFactory().name()
						+ "' failed once: " + ex, ex);
			}
		}
	}

	/** One look at the files; reloads when a change has been quiet for long enough. */
	void check() {
		Map<String, String> now = snapshot();
		long time = System.nanoTime();
		if (now.equals(this.applied)) {
			this.pending = null;
			this.failed = null;
			return;
		}
		if (!now.equals(this.pending)) {
			// changed (again): wait for the writer to finish, counting from the newest file's last
			// write (a change found by a late poll may have been quiet long enough already)
			this.pending = now;
			long quietForNanos = Math.min(this.quietNanos, Math.max(0,
					TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis() - newestModification(changed(this.applied, now)))));
			this.pendingSince = time - quietForNanos;
			if (time - this.pendingSince < this.quietNanos) {
				return;
			}
		}
		if (time - this.pendingSince < this.quietNanos) {
			return;
		}
		boolean retry = now.equals(this.failed);
		if (retry && time - this.failedAt < this.intervalNanos) {
			return;
		}
		TlsReload reload = this.reloader.reload(changed(this.applied, now), !retry);
		if (reload.succeeded()) {
			this.applied = now;
			this.pending = null;
			this.failed = null;
		}
		else {
			this.failed = now;
			this.failedAt = time;
		}
	}

	private long nextWaitNanos() {
		if (this.pending == null || this.pending.equals(this.failed)) {
			return this.intervalNanos;
		}
		long remaining = this.quietNanos - (System.nanoTime() - this.pendingSince);
		return Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(remaining, this.intervalNanos));
	}

	// until the time is up or a watched directory reports a change
	private void await(long nanos) throws InterruptedException {
		WatchService events = this.events;
		if (events == null) {
			TimeUnit.NANOSECONDS.sleep(nanos);
			return;
		}
		WatchKey key = events.poll(nanos, TimeUnit.NANOSECONDS);
		while (key != null) {
			key.pollEvents();
			key.reset();
			key = events.poll();
		}
	}

	// the last write of any of the files, through links; now when unknown
	private static long newestModification(List<String> files) {
		long newest = 0;
		for (String file : files) {
			try {
				newest = Math.max(newest, Files.getLastModifiedTime(Path.of(file)).toMillis());
			}
			catch (IOException | RuntimeException ex) {
				return System.currentTimeMillis();
			}
		}
		return (newest > 0) ? newest : System.currentTimeMillis();
	}

	private static List<String> changed(Map<String, String> before, Map<String, String> after) {
		Set<String> names = new LinkedHashSet<>(before.keySet());
		names.addAll(after.keySet());
		List<String> changed = new ArrayList<>();
		for (String name : names) {
			if (!Objects.equals(before.get(name), after.get(name))) {
				changed.add(name);
			}
		}
		return changed;
	}

	/** Every watched file (a directory: each of its files) and a digest of its content. */
	Map<String, String> snapshot() {
		return digests(this.paths);
	}

	private static Map<String, String> digests(List<Path> paths) {
		Map<String, String> digests = new TreeMap<>();
		for (Path path : paths) {
			if (Files.isDirectory(path)) {
				digests.put(path.toString(), "directory");
				try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
					for (Path entry : entries) {
						if (!Files.isDirectory(entry) && !entry.getFileName().toString().startsWith("..")) {
							digests.put(entry.toString(), digest(entry));
						}
					}
				}
				catch (IOException ex) {
					digests.put(path.toString(), "unreadable");
				}
			}
			else {
				digests.put(path.toString(), digest(path));
			}
		}
		return digests;
	}

	private static String digest(Path file) {
		if (!Files.exists(file)) {
			return MISSING;
		}
		try (InputStream in = Files.newInputStream(file)) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[8192];
			int total = 0;
			for (int n = in.read(buffer); n > 0 && total < MAX_READ; n = in.read(buffer)) {
				digest.update(buffer, 0, n);
				total += n;
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (IOException ex) {
			return "unreadable";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	// the directories holding the files, and the CA directories themselves
	private WatchService watchService() {
		Set<Path> directories = new LinkedHashSet<>();
		for (Path path : this.paths) {
			Path absolute = path.toAbsolutePath();
			if (Files.isDirectory(absolute)) {
				directories.add(absolute);
			}
			if (absolute.getParent() != null && Files.isDirectory(absolute.getParent())) {
				directories.add(absolute.getParent());
			}
		}
		if (directories.isEmpty()) {
			return null;
		}
		try {
			WatchService service = FileSystems.getDefault().newWatchService();
			for (Path directory : directories) {
				directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
						StandardWatchEventKinds.ENTRY_DELETE);
			}
			return service;
		}
		catch (IOException | UnsupportedOperationException ex) {
			logger.log(Level.DEBUG, "No directory events for the TLS material of context '"
					+ this.reloader.contextFactory().name() + "' (" + ex + "); the files are read every interval");
			return null;
		}
	}

}
