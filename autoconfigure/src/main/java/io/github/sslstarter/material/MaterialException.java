package io.github.sslstarter.material;

/**
 * Key or trust material that cannot be loaded. Names the location (never a secret), the
 * problem and the action.
 */
public class MaterialException extends RuntimeException {

	/** What went wrong. */
	public enum Problem {
		/** The file or classpath resource does not exist. */
		NOT_FOUND,
		/** It exists but cannot be read (permissions, a directory where a file was expected, ...). */
		UNREADABLE,
		/** The password does not open the key or keystore. */
		WRONG_PASSWORD,
		/** A password is required but none was given. */
		PASSWORD_REQUIRED,
		/** The content is not in a format this project reads. */
		UNPARSEABLE,
		/** The location holds nothing of the expected kind (no key, no certificate). */
		EMPTY,
		/** The private key does not belong to the certificate. */
		KEY_MISMATCH,
		/** The keystore has no entry of that alias, or more than one key and no alias. */
		ALIAS_NOT_FOUND,
		/** An optional dependency is needed (the message names it). */
		MISSING_DEPENDENCY,
		/** The content is larger than this project reads as key or trust material (the message names the limit). */
		TOO_LARGE
	}

	private final Problem problem;

	private final String location;

	private final String action;

	/**
	 * A failure without an underlying exception.
	 * @param problem what went wrong
	 * @param location the location as configured, or a description of inline content
	 * @param message what is wrong, for a person; never a secret
	 * @param action what to do about it
	 */
	public MaterialException(Problem problem, String location, String message, String action) {
		this(problem, location, message, action, null);
	}

	/**
	 * A failure caused by another exception.
	 * @param problem what went wrong
	 * @param location the location as configured, or a description of inline content
	 * @param message what is wrong, for a person; never a secret
	 * @param action what to do about it
	 * @param cause the underlying exception
	 */
	public MaterialException(Problem problem, String location, String message, String action, Throwable cause) {
		super(message, cause);
		this.problem = problem;
		this.location = location;
		this.action = action;
	}

	/** What went wrong. */
	public Problem problem() {
		return this.problem;
	}

	/** The location as configured, or a short description of inline content; never a secret. */
	public String location() {
		return this.location;
	}

	/** What to do about it. */
	public String action() {
		return this.action;
	}

}
