'use client';
import { useExperiment, useGateValue, useStatsigClient } from '@statsig/react-bindings';
import { useState } from 'react';

export function Checkout() {
  const newCheckout = useGateValue('new_checkout_flow');
  const experiment = useExperiment('checkout_button_color');
  const { client } = useStatsigClient();
  const [bought, setBought] = useState(false);
  return (
    <div className="actions">
      <p>
        new_checkout_flow: <strong id="gate">{String(newCheckout)}</strong>
      </p>
      <button
        id="buy"
        type="button"
        onClick={() => {
          client.logEvent('add_to_cart', 29.99);
          setBought(true);
        }}
      >
        {`Buy (${experiment.get('color', 'grey')})`}
      </button>
      {bought && <p id="bought">Added to cart.</p>}
    </div>
  );
}
