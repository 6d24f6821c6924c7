import { describe, it } from 'vitest';
import { by, customer } from '../shared/fixtures.ts';
import { spec } from '../shared/spec.ts';
import type { EmailClaimCommand, EmailClaimEvent } from './email-claim.ts';
import { emailClaimDecider, emailClaimEvents } from './email-claim.ts';
import { EmailAlreadyRegistered } from './errors.ts';

const claimStream = spec(emailClaimDecider, emailClaimEvents);
const command = (type: EmailClaimCommand['type'], customerId: string): EmailClaimCommand => ({
  type,
  data: { customerId },
  metadata: by(customer, 1),
});
const claimed = (customerId: string): EmailClaimEvent => ({
  type: 'CustomerEmailClaimed',
  data: { customerId },
});
const released = (customerId: string): EmailClaimEvent => ({
  type: 'CustomerEmailReleased',
  data: { customerId },
});

describe('an e-mail claim', () => {
  it('goes to the first account that asks', () => {
    claimStream
      .given([])
      .when(command('ClaimEmail', 'c1'))
      .thenEmits([claimed('c1')]);
  });

  it('refuses a second account, and is a repeat for the holder', () => {
    claimStream
      .given([claimed('c1')])
      .when(command('ClaimEmail', 'c2'))
      .thenThrows(EmailAlreadyRegistered);
    claimStream
      .given([claimed('c1')])
      .when(command('ClaimEmail', 'c1'))
      .thenNothing();
  });

  it('is freed by its holder erasing, and may then be claimed again', () => {
    claimStream
      .given([claimed('c1')])
      .when(command('ReleaseEmail', 'c1'))
      .thenEmits([released('c1')]);
    claimStream
      .given([claimed('c1')])
      .when(command('ReleaseEmail', 'c2'))
      .thenNothing();
    claimStream
      .given([claimed('c1'), released('c1')])
      .when(command('ClaimEmail', 'c2'))
      .thenEmits([claimed('c2')]);
  });
});
