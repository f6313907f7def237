import { LoginThrottle } from './login-throttle';

describe('login throttle', () => {
  it('lets five wrong passwords through, then waits 1 s, 2 s, 4 s … up to the cap; success clears it', () => {
    let now = 0;
    const throttle = new LoginThrottle({ now: () => now, maxDelayMs: 5000 });
    for (let i = 0; i < 5; i++) {
      expect(throttle.waitMs('1.2.3.4', 'ada')).toBe(0);
      throttle.failed('1.2.3.4', 'ada');
    }
    // The fifth failure is still free; the sixth starts the waiting.
    expect(throttle.waitMs('1.2.3.4', 'ada')).toBe(0);
    throttle.failed('1.2.3.4', 'ada');
    expect(throttle.waitMs('1.2.3.4', 'ada')).toBe(1000);
    now = 1000;
    throttle.failed('1.2.3.4', 'ada');
    expect(throttle.waitMs('1.2.3.4', 'ada')).toBe(2000);
    throttle.failed('1.2.3.4', 'ada');
    expect(throttle.waitMs('1.2.3.4', 'ada')).toBe(4000);
    throttle.failed('1.2.3.4', 'ada');
    expect(throttle.waitMs('1.2.3.4', 'ada')).toBe(5000);
    // Other names and addresses are not slowed.
    expect(throttle.waitMs('1.2.3.4', 'bob')).toBe(0);
    expect(throttle.waitMs('5.6.7.8', 'ada')).toBe(0);
    throttle.succeeded('1.2.3.4', 'ada');
    expect(throttle.waitMs('1.2.3.4', 'ada')).toBe(0);
  });
});
