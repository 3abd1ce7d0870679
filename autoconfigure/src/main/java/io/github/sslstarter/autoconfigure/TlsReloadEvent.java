package io.github.sslstarter.autoconfigure;

import org.springframework.context.ApplicationEvent;

import io.github.sslstarter.core.TlsReload;

/**
 * Published after every reload of a context's key and trust material, successful or not (the
 * files watched by {@code ssl.reload.*} changed, or a Spring Boot SSL bundle the context takes
 * its material from was updated). Its source is the {@link TlsReload}; it holds no secret.
 */
public class TlsReloadEvent extends ApplicationEvent {

	/**
	 * An event for {@code reload}.
	 * @param reload what was reloaded and how it ended
	 */
	public TlsReloadEvent(TlsReload reload) {
		super(reload);
	}

	/** What was reloaded and how it ended. */
	public TlsReload reload() {
		return (TlsReload) getSource();
	}

}
