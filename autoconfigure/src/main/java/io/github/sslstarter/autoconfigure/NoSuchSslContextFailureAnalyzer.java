package io.github.sslstarter.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a reference to a TLS context that is not defined.
 */
class NoSuchSslContextFailureAnalyzer extends AbstractFailureAnalyzer<NoSuchSslContextException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NoSuchSslContextException cause) {
		String where = (cause.referencedBy() != null) ? "'" + cause.referencedBy() + "' refers to" : "Code asked for";
		return new FailureAnalysis(
				where + " the TLS context '" + cause.name() + "', which is not defined. The contexts are "
						+ cause.available() + ".",
				"Define it under 'ssl.contexts." + cause.name() + "' or use one of " + cause.available() + ".", cause);
	}

}
