package io.github.sslstarter.spec;

/**
 * A protocol or cipher specification that cannot be resolved; the message says which element
 * and why, and what each element removed where that explains an empty result.
 */
public class SpecException extends IllegalArgumentException {

	public SpecException(String message) {
		super(message);
	}

}
