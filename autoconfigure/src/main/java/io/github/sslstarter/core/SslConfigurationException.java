package io.github.sslstarter.core;

/**
 * A setting that cannot be turned into a working TLS context. It names the setting (a property
 * path relative to the context, such as {@code protocols} or {@code identity.private-key}), says
 * what is wrong with it and what to do. It never carries a secret.
 */
public class SslConfigurationException extends IllegalStateException {

	private final String setting;

	private final String problem;

	private final String action;

	public SslConfigurationException(String setting, String problem, String action) {
		this(setting, problem, action, null);
	}

	public SslConfigurationException(String setting, String problem, String action, Throwable cause) {
		super(setting + ": " + problem, cause);
		this.setting = setting;
		this.problem = problem;
		this.action = action;
	}

	/** The setting at fault, relative to its context (for example {@code identity.certificate}). */
	public String setting() {
		return this.setting;
	}

	/** What is wrong with it. */
	public String problem() {
		return this.problem;
	}

	/** What to do about it. */
	public String action() {
		return this.action;
	}

}
