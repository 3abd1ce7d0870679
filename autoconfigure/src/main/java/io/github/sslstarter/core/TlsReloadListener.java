package io.github.sslstarter.core;

/**
 * Told of every reload of a context's material, successful or not ({@link MaterialReloader}):
 * the Spring layer counts them ({@code tls.reload}) and publishes them as application events.
 * Called on the thread that reloaded; a listener that throws does not stop the others.
 */
@FunctionalInterface
public interface TlsReloadListener {

	/**
	 * A reload happened.
	 * @param reload what was tried and how it ended
	 */
	void reloaded(TlsReload reload);

}
