import type { HeadlineCard } from './prefecture-view';

/** Headline figures with their 前年度比, as a list so screen readers announce the count. */
export function Cards(props: { cards: HeadlineCard[]; label: string }) {
  return (
    <ul class="cards" aria-label={props.label}>
      {props.cards.map((card) => (
        <li class="card">
          <p class="card-label">
            {card.label}（{card.period}）
          </p>
          <p class="card-value">{card.value}</p>
          <p class="card-change">{card.change ?? '前年度比 —'}</p>
          {card.detail ? <p class="card-detail">{card.detail}</p> : null}
        </li>
      ))}
    </ul>
  );
}
