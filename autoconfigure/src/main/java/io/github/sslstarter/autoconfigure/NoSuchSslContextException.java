package io.github.sslstarter.autoconfigure;

import java.util.Set;

/**
 * A context was referenced by a name that no {@code ssl.contexts.<name>} defines.
 */
public class NoSuchSslContextException extends IllegalStateException {

	private final String name;

	private final String referencedBy;

	private final Set<String> available;

	public NoSuchSslContextException(String name, String referencedBy, Set<String> available) {
		super("No TLS context named '" + name + "'" + ((referencedBy != null) ? " (referenced by " + referencedBy + ")" : "")
				+ "; the contexts are " + available);
		this.name = name;
		this.referencedBy = referencedBy;
		this.available = Set.copyOf(available);
	}

	/** The name that was not found. */
	public String name() {
		return this.name;
	}

	/** The property or code that referenced it, or {@code null}. */
	public String referencedBy() {
		return this.referencedBy;
	}

	/** The contexts that do exist. */
	public Set<String> available() {
		return this.available;
	}

}
