import { MUNICIPALITIES, REGIONS } from '../../src/datasets/municipalities';
import { Layout, type LayoutProps } from './layout';

/** Pick a town: the 19 municipalities by region, linking to `${base}/{code}`. */
export function MunicipalityListPage(
  props: Omit<LayoutProps, 'title' | 'children'> & {
    title: string;
    base: string;
    lead: string;
    current: LayoutProps['current'];
    /** Optional note per town (e.g. its 実施状況). */
    notes?: Record<string, string>;
    codes?: readonly string[];
  },
) {
  const include = props.codes ? new Set(props.codes) : undefined;
  return (
    <Layout {...props}>
      <h1>{props.title}</h1>
      <p class="lead">{props.lead}</p>
      {REGIONS.map((region) => {
        const towns = MUNICIPALITIES.filter((m) => m.region === region && (!include || include.has(m.code)));
        if (towns.length === 0) return null;
        return (
          <section aria-labelledby={`region-${region}`}>
            <h2 id={`region-${region}`}>{region}</h2>
            <ul>
              {towns.map((m) => (
                <li>
                  <a href={`${props.base}/${m.code}`}>{m.name}</a>
                  {props.notes?.[m.code] ? `（${props.notes[m.code]}）` : ''}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </Layout>
  );
}
