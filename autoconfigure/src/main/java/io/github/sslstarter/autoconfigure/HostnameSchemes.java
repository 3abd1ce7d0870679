package io.github.sslstarter.autoconfigure;

import io.github.sslstarter.autoconfigure.SslProperties.CustomScheme;
import io.github.sslstarter.core.SslConfigurationException;
import io.github.sslstarter.verify.HostnameScheme;

/**
 * Resolves {@code verify.scheme} (and {@code verify.custom.*}) to a {@link HostnameScheme}.
 */
final class HostnameSchemes {

	private HostnameSchemes() {
	}

	static HostnameScheme resolve(String scheme, CustomScheme custom, String property) {
		try {
			return HostnameScheme.named(scheme);
		}
		catch (IllegalArgumentException ex) {
			throw new SslConfigurationException(property + ".scheme", ex.getMessage(),
					"use one of the scheme names, or 'custom' with " + property + ".custom.*", ex);
		}
	}

}
