package io.github.sslstarter.actuate;

import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the secrets of {@code ssl.*} in {@code /actuator/configprops} and {@code /actuator/env}
 * even when their values are shown ({@code show-values: always}): private-key and keystore
 * passwords, and a private key given inline as PEM. Keys are matched in both spellings the
 * endpoints use ({@code private-key-password} and {@code privateKeyPassword}).
 */
public final class TlsSecretsSanitizingFunction implements SanitizingFunction {

	// ssl.identity.private-key-password, ssl.contexts.<name>.identity.keystore.password,
	// ssl.identities[0].private-key-password, ... (dashes and indexes removed)
	private static final Pattern PASSWORD = Pattern
		.compile("^ssl\\.(contexts\\.[^.]+\\.)?identit(y|ies)\\.(privatekeypassword|keystore\\.password)$");

	private static final Pattern KEY = Pattern
		.compile("^ssl\\.(contexts\\.[^.]+\\.)?identit(y|ies)\\.privatekey$");

	@Override
	public SanitizableData apply(SanitizableData data) {
		String key = normalise(data.getKey());
		if (PASSWORD.matcher(key).matches()) {
			return data.withSanitizedValue();
		}
		if (KEY.matcher(key).matches() && data.getValue() != null && data.getValue().toString().contains("-----BEGIN")) {
			return data.withSanitizedValue();
		}
		return data;
	}

	private static String normalise(String key) {
		return (key != null) ? key.replace("-", "").replaceAll("\\[\\d+\\]", "").toLowerCase(Locale.ROOT) : "";
	}

}
