package io.github.sslstarter.core;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Reloads one context's key and trust material: loads the context's settings again with
 * {@code loader} (the same code that loaded them at startup, so every file is read and checked
 * the same way, a key against its certificate included) and hands them to
 * {@link SslContextFactory#replaceMaterial}. A reload that fails keeps the old material, logs
 * one WARN naming the property, the file and the reason (never a secret), and is reported to the
 * listeners like a successful one. Used by the {@link MaterialWatcher} on file changes and by the
 * Spring layer when a Spring Boot SSL bundle the context takes its material from is updated.
 */
public final class MaterialReloader {

	private static final System.Logger logger = System.getLogger(MaterialReloader.class.getName());

	private final SslContextFactory factory;

	private final Supplier<SslSettings> loader;

	private final List<TlsReloadListener> listeners = new CopyOnWriteArrayList<>();

	private final Clock clock;

	/**
	 * A reloader of {@code factory}'s material.
	 * @param factory the context
	 * @param loader loads the context's settings again, throwing an
	 * {@link SslConfigurationException} (naming the property) when the material cannot be used
	 * @param listeners told of every reload
	 */
	public MaterialReloader(SslContextFactory factory, Supplier<SslSettings> loader, List<TlsReloadListener> listeners) {
		this(factory, loader, listeners, Clock.systemUTC());
	}

	MaterialReloader(SslContextFactory factory, Supplier<SslSettings> loader, List<TlsReloadListener> listeners,
			Clock clock) {
		this.factory = factory;
		this.loader = loader;
		this.listeners.addAll(listeners);
		this.clock = clock;
	}

	/** The context whose material this reloads. */
	public SslContextFactory contextFactory() {
		return this.factory;
	}

	/** Adds a listener told of every later reload. */
	public void addListener(TlsReloadListener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Loads the material again and, when it can be used, makes it the context's.
	 * @param sources what caused the reload (changed files, a bundle), for the log and the event
	 * @return how it went; a failure is also logged as one WARN
	 */
	public TlsReload reload(List<String> sources) {
		return reload(sources, true);
	}

	/**
	 * As {@link #reload(List)}; a failure with {@code report} false (a retry of material that
	 * failed before) is logged at DEBUG only and told to nobody: the first failure was.
	 */
	synchronized TlsReload reload(List<String> sources, boolean report) {
		TlsReload reload;
		try {
			MaterialChange change = this.factory.replaceMaterial(this.loader.get());
			String fingerprint = TlsReload.fingerprintOf(this.factory);
			reload = new TlsReload(this.factory.name(), this.clock.instant(), true, sources, null, fingerprint, change);
			logger.log(Level.INFO, () -> "TLS context '" + this.factory.name() + "' reloaded its material after a change of "
					+ String.join(", ", sources) + ": " + describe(change)
					+ ((fingerprint != null) ? "; certificate in use " + fingerprint : ""));
		}
		catch (RuntimeException ex) {
			String problem = (ex instanceof SslConfigurationException configuration)
					? configuration.getMessage() + " (" + configuration.action() + ")"
					: (ex instanceof io.github.sslstarter.material.MaterialException material) ? describe(material)
							: ex.getClass().getSimpleName() + ": " + ex.getMessage();
			reload = new TlsReload(this.factory.name(), this.clock.instant(), false, sources, problem,
					TlsReload.fingerprintOf(this.factory), null);
			if (!report) {
				logger.log(Level.DEBUG, "TLS context '" + this.factory.name() + "': the new material still cannot be used: "
						+ problem);
				return reload;
			}
			logger.log(Level.WARNING, "TLS context '" + this.factory.name() + "' keeps its current material: after a change of "
					+ String.join(", ", sources) + " the new material cannot be used: " + problem
					+ "; it is tried again until it can");
		}
		this.factory.lastReload(reload);
		for (TlsReloadListener listener : this.listeners) {
			try {
				listener.reloaded(reload);
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING, "A TLS reload listener failed: " + ex, ex);
			}
		}
		return reload;
	}

	// the location (never inline content: the exception describes inline PEM by its size only)
	private static String describe(io.github.sslstarter.material.MaterialException material) {
		String message = material.getMessage();
		if (material.location() != null && !message.contains(material.location())) {
			message = message + " (" + material.location() + ")";
		}
		return message + " (" + material.action() + ")";
	}

	private static String describe(MaterialChange change) {
		if (!change.changed()) {
			return "the material is unchanged";
		}
		String what = change.identityChanged() && change.trustChanged() ? "identity and trust"
				: change.identityChanged() ? "identity" : "trust";
		return "new " + what + ", " + ((change.sessionsInvalidated() >= 0)
				? change.sessionsInvalidated() + " cached sessions invalidated" : "cached sessions kept");
	}

}
