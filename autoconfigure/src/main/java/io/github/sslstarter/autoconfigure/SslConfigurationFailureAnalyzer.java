package io.github.sslstarter.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.github.sslstarter.core.SslConfigurationException;

/**
 * Explains a TLS setting that stopped the application: the property, what is wrong, what to do.
 */
class SslConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<SslConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SslConfigurationException cause) {
		return new FailureAnalysis("The TLS property '" + cause.setting() + "' is invalid: " + cause.problem(),
				"Fix '" + cause.setting() + "': " + cause.action() + ".", cause);
	}

}
