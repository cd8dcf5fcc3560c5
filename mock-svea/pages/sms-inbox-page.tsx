// The SMS inbox: every payment-link SMS the mock "sent", newest first, with its link clickable.
import type { SmsMessage } from "../mock-svea-schemas.js";
import { CHECKOUT_MESSAGES } from "./checkout-messages.js";
import { formatUtc } from "./checkout-page.js";
import { PageLayout } from "./page-layout.js";

function TextWithLinks(props: { text: string }) {
  const parts = props.text.split(/(https?:\/\/\S+)/);
  return <>{parts.map((part, i) => (i % 2 === 1 ? <a href={part}>{part}</a> : part))}</>;
}

export function SmsInboxPage(props: { messages: readonly SmsMessage[] }) {
  const newestFirst = [...props.messages].reverse();
  return (
    <PageLayout title="SMS inbox – mock Svea" lang="en" mockNotice={CHECKOUT_MESSAGES.en.mockNotice}>
      <h2>SMS inbox</h2>
      <p class="muted">
        {newestFirst.length} message(s). JSON: <a href="/__admin/sms">/__admin/sms</a>
      </p>
      <table id="sms" class="stack">
        <thead>
          <tr>
            <th>Time</th>
            <th>To</th>
            <th>Order</th>
            <th>Operator</th>
            <th>Text</th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((m) => (
            <tr>
              <td data-label="Time:">{formatUtc(m.at)}</td>
              <td data-label="To:">{m.mobilePhoneNumber}</td>
              <td data-label="Order:">
                {m.merchantId} / {m.merchantOrderNumber}
              </td>
              <td data-label="Operator:">{m.accepted ? "accepted" : "refused"}</td>
              <td class="whole" data-label="Text:">
                <TextWithLinks text={m.text} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </PageLayout>
  );
}
