package io.github.sslstarter.autoconfigure;

import java.util.function.Function;

import io.github.sslstarter.autoconfigure.SslContextProperties.CustomScheme;
import io.github.sslstarter.core.SslConfigurationException;
import io.github.sslstarter.verify.HostnameCallback;
import io.github.sslstarter.verify.HostnameScheme;

/**
 * Resolves {@code verify.scheme}, {@code verify.custom.*} and {@code verify.hostname-callback} to a
 * {@link HostnameScheme}.
 */
final class HostnameSchemes {

	static final String CUSTOM = "custom";

	private HostnameSchemes() {
	}

	static HostnameScheme resolve(String scheme, CustomScheme custom, String callback, Function<String, Object> beans,
			String property) {
		if (callback != null) {
			return HostnameScheme.custom(callback, callback(callback, beans, property + ".hostname-callback"));
		}
		if (CUSTOM.equalsIgnoreCase(scheme)) {
			CustomScheme rules = (custom != null) ? custom : new CustomScheme(null, null, null, null);
			return HostnameScheme.custom(
					(rules.commonName() != null) ? rules.commonName() : HostnameScheme.CommonName.ALWAYS,
					(rules.sanWildcards() != null) ? rules.sanWildcards() : HostnameScheme.Wildcards.FULL_LABEL,
					(rules.cnWildcards() != null) ? rules.cnWildcards() : HostnameScheme.Wildcards.NONE,
					(rules.ipInCommonName() != null) ? rules.ipInCommonName() : HostnameScheme.IpInCommonName.NONE);
		}
		if (custom != null) {
			throw new SslConfigurationException(property + ".custom",
					"custom rules are set but the scheme is '" + scheme + "'",
					"set " + property + ".scheme=custom, or remove " + property + ".custom");
		}
		try {
			return HostnameScheme.named(scheme);
		}
		catch (IllegalArgumentException ex) {
			throw new SslConfigurationException(property + ".scheme", ex.getMessage(),
					"use one of the scheme names, or 'custom' with " + property + ".custom.*", ex);
		}
	}

	private static HostnameCallback callback(String name, Function<String, Object> beans, String property) {
		Object bean;
		try {
			bean = beans.apply(name);
		}
		catch (org.springframework.beans.factory.NoSuchBeanDefinitionException ex) {
			// not chained: Spring's own analysis of the cause would be shown instead, without the property
			throw new SslConfigurationException(property, "there is no bean named '" + name + "'",
					"define a HostnameCallback bean of that name, or fix " + property);
		}
		if (bean instanceof HostnameCallback callback) {
			return callback;
		}
		throw new SslConfigurationException(property,
				"bean '" + name + "' is a " + bean.getClass().getName() + ", not a HostnameCallback",
				"point " + property + " at a HostnameCallback bean");
	}

}
