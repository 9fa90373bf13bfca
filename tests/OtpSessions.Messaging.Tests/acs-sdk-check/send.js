// Sends one SMS and one email through the official ACS JavaScript SDKs (@azure/communication-sms 1.1.0,
// @azure/communication-email 1.1.0) to the fake ACS, then repeats both with a wrong access key.
// The SDKs sign requests themselves, so this proves the fake verifies signatures exactly as ACS does.
// Input (environment): ACS_CONNECTION_STRING, WRONG_CONNECTION_STRING, SMS_FROM, SMS_TO, EMAIL_FROM, EMAIL_TO.
// Output: one JSON line on stdout; exit code 0 when every call behaved as expected.
"use strict";
const { SmsClient } = require("@azure/communication-sms");
const { EmailClient } = require("@azure/communication-email");

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const options = { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } };

async function sendSms(connectionString) {
  const client = new SmsClient(connectionString, options);
  const [result] = await client.send(
    { from: env("SMS_FROM"), to: [env("SMS_TO")], message: "Hello from the official ACS SDK" },
    { enableDeliveryReport: true, tag: "sdk-check" });
  return { successful: result.successful, httpStatusCode: result.httpStatusCode, messageId: result.messageId ?? null };
}

async function sendEmail(connectionString) {
  const client = new EmailClient(connectionString, options);
  const poller = await client.beginSend({
    senderAddress: env("EMAIL_FROM"),
    content: { subject: "Hello from the official ACS SDK", plainText: "Plain text body", html: "<p>HTML body</p>" },
    recipients: { to: [{ address: env("EMAIL_TO"), displayName: "SDK Check" }] },
  }, { updateIntervalInMs: 20 });
  const result = await poller.pollUntilDone();
  return { status: result.status, id: result.id };
}

async function statusOf(call) {
  try {
    await call();
    return { statusCode: 0 };
  } catch (error) {
    return { statusCode: error.statusCode ?? -1, message: String(error.message).slice(0, 200) };
  }
}

(async () => {
  const sms = await sendSms(env("ACS_CONNECTION_STRING"));
  const email = await sendEmail(env("ACS_CONNECTION_STRING"));
  const wrongKeySms = await statusOf(() => sendSms(env("WRONG_CONNECTION_STRING")));
  const wrongKeyEmail = await statusOf(() => sendEmail(env("WRONG_CONNECTION_STRING")));
  const summary = { sms, email, wrongKeySms, wrongKeyEmail };
  process.stdout.write(JSON.stringify(summary) + "\n");
  const ok = sms.successful && email.status === "Succeeded"
    && wrongKeySms.statusCode === 401 && wrongKeyEmail.statusCode === 401;
  process.exit(ok ? 0 : 1);
})().catch((error) => {
  process.stderr.write(`acs-sdk-check failed: ${error.stack ?? error}\n`);
  process.exit(3);
});
